FROM scratch
COPY app /app
ENV PATH=/bin:$PATH
ENTRYPOINT ["/app"]
