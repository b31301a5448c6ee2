FROM golang:1.22 AS Build
WORKDIR /src
RUN --mount=type=cache,target=/root/.cache/go-build go build -o /out/app ./cmd/app

FROM build AS test
RUN go test ./...

FROM gcr.io/distroless/static:nonroot
COPY --from=build /out/app /app
COPY --from=0 /src/LICENSE /LICENSE
COPY --from=nginx:1.27 /etc/nginx/mime.types /etc/mime.types
RUN --mount=type=bind,from=test,source=/src,target=/src ls /src
ENTRYPOINT ["/app"]
