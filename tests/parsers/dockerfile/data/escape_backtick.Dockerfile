# escape=`
FROM mcr.microsoft.com/windows/servercore:ltsc2022
RUN mkdir C:\tools `
    && echo done
WORKDIR C:\tools
