FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir flask==3.0.3
ENV FLASK_APP=app.py PORT=8080
EXPOSE ${PORT}
USER 10001
CMD ["flask", "run"]
