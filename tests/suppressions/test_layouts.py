"""Where comments are and what a line's construct spans, per syntax (HCL, YAML, Dockerfile)."""

from __future__ import annotations

from scanner.suppressions.comments import Comment, comment_syntax, split_lines
from scanner.suppressions.dockerfile_layout import dockerfile_layout
from scanner.suppressions.hcl_layout import hcl_layout
from scanner.suppressions.yaml_layout import yaml_layout

HCL = '''# one
// two
resource "aws_s3_bucket" "b" { # three
  name = "a # not a comment ${var.x} // nor this"
  tag  = "${lookup(var.m, "k#", "}")}" /* four */
  /* five
     six */
  policy = <<-EOF
    # not a comment {
    EOF
  rule {
    x = 1
  }
}

locals { a = "$${not_a_template # still a string}" }
'''


def test_hcl_comments_skip_strings_templates_and_heredocs() -> None:
    layout = hcl_layout(HCL)
    assert layout.comments == [
        Comment(1, "one", False),
        Comment(2, "two", False),
        Comment(3, "three", True),
        Comment(5, "four", True),
        Comment(6, "five", False),
        Comment(7, "six", False),
    ]
    assert [layout.kind(line) for line in (8, 9, 10)] == ["code", "body", "code"]


def test_hcl_spans() -> None:
    layout = hcl_layout(HCL)
    assert layout.construct_span(3) == (3, 14)  # the resource
    assert layout.construct_span(8) == (8, 10)  # the heredoc attribute
    assert layout.construct_span(11) == (11, 13)  # a nested block
    assert layout.construct_span(4) == (4, 4)  # a one-line attribute
    assert layout.enclosing_span(12) == (3, 14)
    assert layout.enclosing_span(15) is None  # a blank line between blocks
    assert layout.enclosing_span(16) == (16, 16)
    assert layout.attached_line(1) == 3
    assert layout.attached_line(6) == 8


def test_hcl_unterminated_input_does_not_raise() -> None:
    layout = hcl_layout('resource "a" "b" {\n  x = "open\n  # bastion:ignore=X reason="y"\n')
    assert layout.comments == [Comment(3, 'bastion:ignore=X reason="y"', False)]
    assert layout.construct_span(1) == (1, 3)


YAML = '''# top
---
# above the document
apiVersion: v1
kind: Pod
metadata:
  name: web  # trailing
  annotations:
    a: "x # not a comment"
    b: 'it''s # not a comment'
    c: don't # a comment
spec:
  containers:
  - name: app
    args:
      - |
        # block scalar content
        echo
    securityContext:
      privileged: true
  - name: two
---
kind: ConfigMap
data:
  long: "multi-line
    # still inside the quotes"
  k: v
'''


def test_yaml_comments_skip_quoted_and_block_scalars() -> None:
    layout = yaml_layout(YAML)
    assert layout.comments == [
        Comment(1, "top", False),
        Comment(3, "above the document", False),
        Comment(7, "trailing", True),
        Comment(11, "a comment", True),
    ]
    assert [layout.kind(line) for line in (16, 17, 18, 26)] == ["code", "body", "body", "code"]


def test_yaml_spans() -> None:
    layout = yaml_layout(YAML)
    assert layout.attached_line(3) == 4
    assert layout.construct_span(4) == (4, 21)  # opens the document: the whole document
    assert layout.construct_span(2) == (2, 21)  # a --- marker: the document after it
    assert layout.construct_span(13) == (13, 21)  # a key with a sequence at its own indentation
    assert layout.construct_span(14) == (14, 20)  # a list item
    assert layout.construct_span(19) == (19, 20)  # a nested mapping
    assert layout.construct_span(23) == (23, 27)
    assert layout.enclosing_span(7) == (2, 21)
    assert layout.is_leading_comment(3) and not layout.is_leading_comment(7)


DOCKERFILE = '''# escape=`
ARG BASE=ubuntu
# above the first stage
FROM $BASE AS build
RUN apt-get update && `
    # BuildKit skips this comment line
    apt-get install -y curl # trailing
RUN <<EOF
# heredoc body, not a comment
echo "#"
EOF
RUN echo "# not" 'a # b' `# c

FROM scratch
COPY --from=build /a /a
'''


def test_dockerfile_comments_continuations_and_heredocs() -> None:
    layout = dockerfile_layout(DOCKERFILE)
    assert layout.comments == [
        Comment(1, "escape=`", False),
        Comment(3, "above the first stage", False),
        Comment(7, "trailing", True),
    ]
    assert [(i.keyword, i.start_line, i.end_line) for i in layout.instructions] == [
        ("ARG", 2, 2), ("FROM", 4, 4), ("RUN", 5, 7), ("RUN", 8, 11), ("RUN", 12, 12), ("FROM", 14, 14), ("COPY", 15, 15),
    ]


def test_dockerfile_spans() -> None:
    layout = dockerfile_layout(DOCKERFILE)
    assert layout.construct_span(4) == (4, 12)  # FROM: the whole stage
    assert layout.instruction_span(4) == (4, 4)
    assert layout.construct_span(5) == (5, 7)
    assert layout.construct_span(14) == (14, 15)
    assert layout.enclosing_span(9) == (1, 15)
    assert layout.attached_line(3) == 4


def test_lines_are_split_at_newlines_only() -> None:
    assert split_lines("a\r\nb\x0cc\nd") == ["a", "b\x0cc", "d"]


def test_comment_syntax_by_format_and_name() -> None:
    assert comment_syntax("infra/main.tf", "terraform") == "hcl"
    assert comment_syntax("prod.tfvars", None) == "hcl"
    assert comment_syntax("infra/main.tf.json", "terraform") is None
    assert comment_syntax("k8s/web.yml", "kubernetes") == "yaml"
    assert comment_syntax("services/api/Dockerfile", None) == "dockerfile"
    assert comment_syntax("build/app.containerfile", "dockerfile") == "dockerfile"
    assert comment_syntax("plan.json", "terraform") is None
    assert comment_syntax("README.md", None) is None
