ARG REG=registry.example.com:5000
ARG TAG
FROM $REG/team/app:${TAG:-1.2}
