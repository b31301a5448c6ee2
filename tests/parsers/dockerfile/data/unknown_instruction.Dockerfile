FROM alpine:3.20
FROMM alpine
RUN echo ok
