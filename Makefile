# The two commands: `make run` (the whole application locally) and `make test` (every test).
SHELL := /bin/bash
JAVA_HOME := $(shell scripts/jdk.sh)
export JAVA_HOME
MVN := mvn -B -q -Dstyle.color=never
PORT ?= 3000
RUNTIME_CP = local/target/runtime.classpath
RUN_JAVA = "$(JAVA_HOME)/bin/java" -Dproject.root=$(CURDIR) -Dlog4j2.configurationFile=log4j2-local.xml -cp "local/target/classes:$$(cat $(RUNTIME_CP))"

.PHONY: run test build package invoke clean clean-data emulators bench bench-pipeline oracle onboarding segment-sim cohort-bench bench-coldstart bench-emulator

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

## bench: the engine JMH benchmark (10^4..10^6 mentors), the cost of each kind of change on the local stack, and
##        the oracle test at full size. BENCH_SIZES=1000,10000,100000 BENCH_SAMPLE=5 BENCH_WEIGHTS_UP_TO=10000
##        JMH_ARGS="-p mentors=10000"
##        ORACLE_MEMBERS=1500 ORACLE_EVENTS=300
BENCH_CP = "bench/target/classes:$$(cat bench/target/bench.classpath)"
BENCH_SIZES ?= 1000,10000,100000
BENCH_WEIGHTS_UP_TO ?= 10000
BENCH_SAMPLE ?= 5
ORACLE_MEMBERS ?= 150
ORACLE_EVENTS ?= 60
ORACLE_SEEDS ?= 11,12,13
ORACLE_DRAIN_MINUTES ?= 15
bench: emulators build
	"$(JAVA_HOME)/bin/java" -cp $(BENCH_CP) org.openjdk.jmh.Main EngineBenchmark $(JMH_ARGS)
	$(MAKE) bench-pipeline
	$(MAKE) cohort-bench
	$(MAKE) bench-coldstart
	$(MAKE) oracle ORACLE_MEMBERS=1500 ORACLE_EVENTS=300 ORACLE_DRAIN_MINUTES=70

## bench-pipeline: the cost of each kind of change alone; BENCH_ONLY=weight measures only the kinds so named
BENCH_ONLY ?=
bench-pipeline: emulators build
	"$(JAVA_HOME)/bin/java" -Dproject.root=$(CURDIR) -Dlog4j2.configurationFile=log4j2-local.xml \
		-Dbench.weightsUpTo=$(BENCH_WEIGHTS_UP_TO) -Dbench.only=$(BENCH_ONLY) -Xmx8g -cp $(BENCH_CP) \
		io.mentorship.bench.PipelineBench $(BENCH_SIZES) $(BENCH_SAMPLE)

## oracle: the exactness test alone (ExactSuggestionsIT); ORACLE_MEMBERS, ORACLE_EVENTS, ORACLE_SEEDS=11,12,13
oracle: emulators
	$(MVN) -DskipTests install
	mvn -B --no-transfer-progress -Dstyle.color=never -Pit verify -pl local -Dit.test=ExactSuggestionsIT \
		-Doracle.members=$(ORACLE_MEMBERS) -Doracle.events=$(ORACLE_EVENTS) -Doracle.seeds=$(ORACLE_SEEDS) \
		-Doracle.drainMinutes=$(ORACLE_DRAIN_MINUTES)

## onboarding: bulk onboarding through the API, then the oracle; ONBOARD_MEMBERS, ONBOARD_CLIENTS, ONBOARD_LINKS;
##             ONBOARD_CONCURRENCY=n runs up to n invocations of each queue's function at once (never above the
##             template's MaximumConcurrency; by default two per core)
ONBOARD_MEMBERS ?= 2000
ONBOARD_CLIENTS ?= 8
ONBOARD_LINKS ?= 3
ONBOARD_CONCURRENCY ?=
onboarding: emulators
	$(MVN) -DskipTests install
	mvn -B --no-transfer-progress -Dstyle.color=never -Pit verify -pl local -Dit.test=ExactSuggestionsIT \
		-Doracle.members=$(ONBOARD_MEMBERS) -Doracle.events=0 -Doracle.seeds=11 -Doracle.clients=$(ONBOARD_CLIENTS) \
		-Doracle.links=$(ONBOARD_LINKS) -Doracle.drainMinutes=$(ORACLE_DRAIN_MINUTES) \
		$(if $(ONBOARD_CONCURRENCY),-Dlocal.queueConcurrency=$(ONBOARD_CONCURRENCY))

## segment-sim: exact top K reading segments best bound first vs ranking every card (pure layer, no AWS)
##              SIM_SIZES=1000000,100000 SIM_MENTEES=20 SIM_TOP_K=20 SIM_REPEAT=3
SIM_SIZES ?= 1000000,100000
SIM_MENTEES ?= 20
SIM_TOP_K ?= 20
SIM_REPEAT ?= 3
segment-sim:
	$(MVN) -pl bench -am -DskipTests package
	"$(JAVA_HOME)/bin/java" -Xmx6g -cp $(BENCH_CP) io.mentorship.bench.SegmentedTopKSimulation \
		$(SIM_SIZES) $(SIM_MENTEES) $(SIM_TOP_K) $(SIM_REPEAT)

## cohort-bench: whole-cohort assignment (optimal, proved) vs greedy at program sizes, in one function's limits
##               COHORT_SIZES=1000x200,10000x2000,50000x10000 (a size ending in :in-person splits by metro area)
COHORT_SIZES ?= 1000x200,10000x2000,10000x2000:in-person,50000x10000,50000x10000:in-person
cohort-bench:
	$(MVN) -pl bench -am -DskipTests package
	"$(JAVA_HOME)/bin/java" -Xmx10g -cp $(BENCH_CP) io.mentorship.bench.CohortBench $(COHORT_SIZES)

## bench-coldstart: each function started in fresh JVMs with only its own jar, against the local emulators, with
##                  and without SnapStart priming; medians of COLD_STARTS=10 starts
COLD_STARTS ?= 10
bench-coldstart: emulators build
	"$(JAVA_HOME)/bin/java" -Dproject.root=$(CURDIR) -Dlog4j2.configurationFile=log4j2-local.xml -cp $(BENCH_CP) \
		io.mentorship.bench.ColdStartBench $(COLD_STARTS)

## bench-emulator: CPU each kind of DynamoDB call costs dynalite (one caller; CALLS=2000 ROUNDS=3;
##                 DYNALITE_NODE=/path/to/node compares another Node)
bench-emulator: emulators
	node_modules/.bin/node scripts/dynalite-costs.cjs

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
