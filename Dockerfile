# The Usheru Notification Service image. Base images come only from mcr.microsoft.com (the
# registry the .NET team publishes to; Docker Hub is never used, also for rate limits). No
# `# syntax=` line: it would make BuildKit pull a frontend image from Docker Hub, rate-limited on
# CodeBuild's shared addresses; the builder's built-in frontend reads this file.
#
#   docker build --platform linux/amd64 -t usheru-notification .            the image (no tests)
#   docker build --target test .                                            fails when a test fails
#   docker build --target test-results --output type=local,dest=TestResults .   TRX, coverage, cdk.out
#
# The default target does not depend on the test stages: BuildKit (and podman/buildah) build
# only the stages the target needs, and buildspec.yml runs the tests as their own step.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS restore
WORKDIR /src
# Only what restore reads, so this layer stays cached until a package or a project changes.
# A project the service or its tests start to reference must be added here.
COPY global.json Directory.Build.props Directory.Packages.props Usheru.Notification.slnx ./
COPY src/Usheru.Notification.Api/Usheru.Notification.Api.csproj src/Usheru.Notification.Api/
COPY tests/Usheru.Notification.Api.Tests/Usheru.Notification.Api.Tests.csproj tests/Usheru.Notification.Api.Tests/
# The test project references the service, so this restores both (the infrastructure projects
# in the solution are not part of the image and are left out).
# dotnet exits 0 when stopped by SIGTERM: check the result so an interrupted restore never
# becomes a cached layer.
RUN dotnet restore tests/Usheru.Notification.Api.Tests/Usheru.Notification.Api.Tests.csproj \
    && test -f src/Usheru.Notification.Api/obj/project.assets.json \
    && test -f tests/Usheru.Notification.Api.Tests/obj/project.assets.json

FROM restore AS source
COPY .editorconfig ./
COPY src/ src/

FROM source AS test-run
# The tests start their own throw-away PostgreSQL cluster, and nginx in front of two instances;
# the infrastructure tests run the CDK, whose jsii runtime is Node.js.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql nginx nodejs \
    && rm -rf /var/lib/apt/lists/*
# The client and infrastructure projects are restored here, not in `restore`: the image does not
# need them, and the CDK's packages would make every image build slower.
COPY src/Usheru.Notification.Client/ src/Usheru.Notification.Client/
COPY infra/ infra/
COPY tests/ tests/
# The repository files the infrastructure tests read or run (RepositoryFiles.Used): the delivery
# path itself. .dockerignore lets exactly these through; FirstDeployBreakerTests fails if one is
# missing here.
COPY Dockerfile buildspec.yml .dockerignore ./
COPY docs/deployment.md docs/
COPY scripts/image-tag.sh scripts/
# All three test projects, then the CloudFormation templates for cfn-lint (buildspec.yml) from
# the CDK app with cdk.json's settings. The exit code is recorded instead of failing the step, so
# that the results of a failed run can still be copied out and published as CodeBuild reports;
# `test` below turns it into a failure.
RUN status=0; \
    dotnet test tests/Usheru.Notification.Api.Tests/Usheru.Notification.Api.Tests.csproj \
        --configuration Release --no-restore \
        --logger "trx;LogFileName=api-tests.trx" \
        --collect "XPlat Code Coverage" \
        --results-directory /testresults || status=1; \
    for project in Client Infrastructure; do \
      dotnet test "tests/Usheru.Notification.$project.Tests/Usheru.Notification.$project.Tests.csproj" \
          --configuration Release \
          --logger "trx;LogFileName=$project-tests.trx" \
          --results-directory /testresults || status=1; \
    done; \
    (cd infra && JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION=1 CDK_OUTDIR=/testresults/cdk.out \
        CDK_CONTEXT_JSON="$(node -e 'console.log(JSON.stringify(require("./cdk.json").context))')" \
        dotnet run --configuration Release --project Usheru.Notification.Infrastructure) || status=1; \
    echo $status > /testresults/exit-code

FROM scratch AS test-results
COPY --from=test-run /testresults /

FROM test-run AS test
RUN exit "$(cat /testresults/exit-code)"

FROM source AS publish
RUN dotnet publish src/Usheru.Notification.Api/Usheru.Notification.Api.csproj \
        --configuration Release --no-restore --output /app/publish -p:UseAppHost=false \
    && test -f /app/publish/Usheru.Notification.Api.dll

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# The binaries stay owned by root (the app cannot rewrite itself); only data/ is the app's:
# the SQLite default (data/notifications.db) and the e-mail pickup directory live there.
COPY --from=publish /app/publish ./
RUN mkdir -p /app/data && chown "$APP_UID:$APP_UID" /app/data
# APP_UID is the non-root `app` user (1654) that the Microsoft images define.
USER $APP_UID
ENV ASPNETCORE_HTTP_PORTS=8080
EXPOSE 8080
# Exec form: dotnet is PID 1 and receives the SIGTERM that ECS sends, so the host drains and exits 0.
ENTRYPOINT ["dotnet", "Usheru.Notification.Api.dll"]
