ARG BASE=node:22-alpine
FROM ${BASE}
RUN npm ci
