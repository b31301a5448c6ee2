FROM alpine:3.20

RUN apk add --no-cache \
      git \
# a comment inside the continuation
      curl \

      bash \
    && git --version
USER nobody
