ARG VERSION=3.20
RUN echo too early
FROM alpine:${VERSION}
