FROM alpine:3.20 AS base
USER app
USER root

FROM base AS runtime
RUN id

FROM alpine:3.20 AS other
USER app
