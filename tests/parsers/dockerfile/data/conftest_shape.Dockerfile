# syntax=docker/dockerfile:1
FROM golang:1.22 AS build
# build the binary
RUN go build -o /app
FROM gcr.io/distroless/static
COPY --from=build /app /app
ONBUILD RUN echo hi
ENTRYPOINT ["/app"]
