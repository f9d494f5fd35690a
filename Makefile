# The two commands: `make run` (the whole application locally) and `make test` (every test).
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/jdk.sh)
export JAVA_HOME
MVN := mvn -B -q -Dstyle.color=never
PORT ?= 3000
RUNTIME_CP = local/target/runtime.classpath
RUN_JAVA = "$(JAVA_HOME)/bin/java" -Dproject.root=$(CURDIR) -cp "local/target/classes:$$(cat $(RUNTIME_CP))"

.PHONY: run test build package invoke clean clean-data emulators bench

## run: build, start the emulators, provision template.yaml, serve the API on http://127.0.0.1:$(PORT)
##      FRESH=1 starts from empty data; IN_MEMORY=1 keeps nothing; AWS_ENDPOINT_URL=... uses that stack instead
run: emulators build
	exec $(RUN_JAVA) io.mentorship.local.LocalRuntime --port $(PORT) $(if $(FRESH),--fresh) $(if $(IN_MEMORY),--in-memory)

## test: unit tests, handler integration tests against the emulators, end-to-end tests over HTTP
test: emulators
	mvn -B --no-transfer-progress -Dstyle.color=never -Pit verify

## build: compile and package every function jar (no tests)
build:
	$(MVN) -DskipTests package

## package: the deployable jars SAM uploads (functions/*/target/lambda/*.jar)
package: build
	@ls -l functions/*/target/lambda/*.jar

## invoke: FN=<LogicalId> EVENT=events/<file>.json, like `sam local invoke`; uses a running `make run` if any
invoke: emulators build
	$(RUN_JAVA) io.mentorship.local.Invoke $(FN) $(EVENT)

## bench: the engine JMH benchmark (10^4..10^6 mentors) and the per-computation DynamoDB cost on the local stack
##        BENCH_SIZES=2500,5000,10000 BENCH_SAMPLE=100 JMH_ARGS="-p mentors=10000"
BENCH_CP = "bench/target/classes:$$(cat bench/target/bench.classpath)"
bench: emulators build
	"$(JAVA_HOME)/bin/java" -cp $(BENCH_CP) org.openjdk.jmh.Main EngineBenchmark $(JMH_ARGS)
	"$(JAVA_HOME)/bin/java" -Dproject.root=$(CURDIR) -cp $(BENCH_CP) io.mentorship.bench.PipelineBench $(or $(BENCH_SIZES),2500,5000,10000) $(or $(BENCH_SAMPLE),100)

## clean-data: forget everything `make run` stored
clean-data:
	rm -rf .local

clean:
	$(MVN) clean

## emulators: install the pinned emulators from package-lock.json (once)
emulators: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@
