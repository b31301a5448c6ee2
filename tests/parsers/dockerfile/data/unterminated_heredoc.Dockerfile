FROM alpine:3.20
RUN <<EOF
echo first
EOF
COPY <<CONF /etc/app.conf
key=value
