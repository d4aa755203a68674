# syntax=docker/dockerfile:1
# Enerlectra silo (src/Silo): grains, PostgreSQL clustering/storage/reminders, /health on 8080.
# Build from the repository root:  docker build -f docker/silo.Dockerfile -t enerlectra/silo .

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Project files first, so the restore layer is reused until a dependency changes rather than on every source edit.
# Central package management: every version lives in Directory.Packages.props.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/Abstractions/Enerlectra.Abstractions.csproj src/Abstractions/
COPY src/MobileMoney/Enerlectra.MobileMoney.csproj   src/MobileMoney/
COPY src/Grains/Enerlectra.Grains.csproj             src/Grains/
COPY src/Persistence/Enerlectra.Persistence.csproj   src/Persistence/
COPY src/Hosting/Enerlectra.Hosting.csproj           src/Hosting/
COPY src/Silo/Enerlectra.Silo.csproj                 src/Silo/
RUN dotnet restore src/Silo/Enerlectra.Silo.csproj

# db/postgresql is embedded into Enerlectra.Persistence: the silo applies the schema itself at start.
COPY db/ db/
COPY src/Abstractions/ src/Abstractions/
COPY src/MobileMoney/  src/MobileMoney/
COPY src/Grains/       src/Grains/
COPY src/Persistence/  src/Persistence/
COPY src/Hosting/      src/Hosting/
COPY src/Silo/         src/Silo/
RUN dotnet publish src/Silo/Enerlectra.Silo.csproj -c Release --no-restore -o /app -p:UseAppHost=false -p:SatelliteResourceLanguages=en

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
COPY --chmod=0755 docker/entrypoint.sh  /usr/local/bin/enerlectra-entrypoint
COPY --chmod=0755 docker/healthcheck.sh /usr/local/bin/enerlectra-healthcheck

# Inside a container the listener must leave loopback to be probed; the port stays unpublished (health only; the
# dashboard is the gateway's, behind the operator sign-in). The image's own ASPNETCORE_HTTP_PORTS is cleared
# since Program.cs binds Kestrel explicitly and would only log an override warning.
ENV Silo__BindAddress=0.0.0.0 \
    Silo__HttpPort=8080 \
    ASPNETCORE_HTTP_PORTS=

# 8080 health, 11111 silo-to-silo, 30000 gateway for cluster clients.
EXPOSE 8080 11111 30000

# $APP_UID is the unprivileged "app" user the .NET images ship.
USER $APP_UID

# Active in the membership, not merely started: a silo still joining must not count as up. start-period covers
# applying the schema and joining the cluster.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD enerlectra-healthcheck "${Silo__HttpPort:-8080}" /health

ENTRYPOINT ["enerlectra-entrypoint", "dotnet", "Enerlectra.Silo.dll"]
