# syntax=docker/dockerfile:1
# Enerlectra gateway (src/Gateway): public gRPC (5081, HTTP/2), JSON/gRPC-Web/callbacks (5080, HTTP/1.1) and, when
# Sandbox:Enabled, the MTN MoMo sandbox (5090). Co-hosted by default; Gateway__OrleansMode=client joins a silo cluster.
# Build from the repository root:  docker build -f docker/gateway.Dockerfile -t enerlectra/gateway .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project files first, so the restore layer is reused until a dependency changes rather than on every source edit.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Abstractions/Enerlectra.Abstractions.csproj src/Abstractions/
COPY src/MobileMoney/Enerlectra.MobileMoney.csproj   src/MobileMoney/
COPY src/Grains/Enerlectra.Grains.csproj             src/Grains/
COPY src/Persistence/Enerlectra.Persistence.csproj   src/Persistence/
COPY src/Hosting/Enerlectra.Hosting.csproj           src/Hosting/
COPY src/Api/Enerlectra.Api.csproj                   src/Api/
COPY src/Sandbox/Enerlectra.Sandbox.csproj           src/Sandbox/
COPY src/Gateway/Enerlectra.Gateway.csproj           src/Gateway/
RUN dotnet restore src/Gateway/Enerlectra.Gateway.csproj

# protos/ is compiled by Enerlectra.Api; db/postgresql is embedded into Enerlectra.Persistence because a co-hosted
# gateway is a silo and applies the schema itself.
COPY protos/ protos/
COPY db/ db/
COPY src/Abstractions/ src/Abstractions/
COPY src/MobileMoney/  src/MobileMoney/
COPY src/Grains/       src/Grains/
COPY src/Persistence/  src/Persistence/
COPY src/Hosting/      src/Hosting/
COPY src/Api/          src/Api/
COPY src/Sandbox/      src/Sandbox/
COPY src/Gateway/      src/Gateway/
RUN dotnet publish src/Gateway/Enerlectra.Gateway.csproj -c Release --no-restore -o /app -p:UseAppHost=false -p:SatelliteResourceLanguages=en

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=0755 docker/entrypoint.sh  /usr/local/bin/enerlectra-entrypoint
COPY --chmod=0755 docker/healthcheck.sh /usr/local/bin/enerlectra-healthcheck

# Loopback (the appsettings default) is unreachable through published ports. The image's ASPNETCORE_HTTP_PORTS is
# cleared because the gateway binds Kestrel explicitly and would only log an override warning.
ENV Gateway__BindAddress=0.0.0.0 \
    Gateway__HttpPort=5080 \
    Gateway__GrpcPort=5081 \
    ASPNETCORE_HTTP_PORTS=

# 5080 HTTP/1.1, 5081 HTTP/2 gRPC, 5090 sandbox; 11111/30000 only matter for a co-hosted silo on PostgreSQL.
EXPOSE 5080 5081 5090 11111 30000

USER $APP_UID

# The gateway's health service is gRPC on the HTTP/2 port, which a shell cannot speak; an accepting HTTP/1.1 port
# is the honest minimum here, and orchestrators that speak gRPC should probe grpc.health.v1 on 5081 instead.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD enerlectra-healthcheck "${Gateway__HttpPort:-5080}"

# The entrypoint only matters for a co-hosted gateway on PostgreSQL (it is a silo then); in client mode it is harmless.
ENTRYPOINT ["enerlectra-entrypoint", "dotnet", "Enerlectra.Gateway.dll"]
