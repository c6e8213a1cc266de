/*
 * Chronon's configuration model, as Chronon-Beam reads and writes it.
 *
 * Struct names, field ids, field names and enum numbers match Chronon's own IDL, so the JSON that
 * Chronon's compile.py writes loads unchanged. Every field is optional except where Chronon makes
 * it required (Window's fields, Join.joinParts, TDataType.kind).
 *
 * The Java classes under model/src/main/thrift-gen are generated from this file by
 * model/src/main/thrift/generate.sh; CI regenerates them and fails on any difference.
 */
namespace java org.chrononbeam.api

/** Row-level projection and filtering of a source, as Spark SQL expressions. */
struct Query {
    /** Output column name -> Spark SQL expression. */
    1: optional map<string, string> selects
    /** Spark SQL predicates, combined with AND. */
    2: optional list<string> wheres
    /** First partition (yyyy-MM-dd) to read, inclusive. */
    3: optional string startPartition
    /** Last partition (yyyy-MM-dd) to read, inclusive. */
    4: optional string endPartition
    /** Expression for the event time in epoch milliseconds; becomes the `ts` column. */
    5: optional string timeColumn
    /** SQL statements run before the query (e.g. function registrations). */
    6: optional list<string> setups = []
    /** Expression for the mutation time of an entity mutation; becomes `mutation_ts`. */
    7: optional string mutationTimeColumn
    /** Expression that is true for the "before" image of a mutation; becomes `is_before`. */
    8: optional string reversalColumn
    /** Name of the partition column, `ds` when unset. */
    9: optional string partitionColumn
}

/** Immutable events: a ds-partitioned table of facts and, for realtime, the topic carrying them. */
struct EventSource {
    1: optional string table
    2: optional string topic
    3: optional Query query
    /** Each partition holds every event up to its ds, so only the latest partition is read. */
    4: optional bool isCumulative
}

/** Mutable rows: daily snapshots and, for point-in-time accuracy, their mutations. */
struct EntitySource {
    1: optional string snapshotTable
    2: optional string mutationTable
    3: optional string mutationTopic
    4: optional Query query
}

/** The output of a join used as the input of another GroupBy (chaining). */
struct JoinSource {
    1: optional Join join
    2: optional Query query
}

union Source {
    1: EventSource events
    2: EntitySource entities
    3: JoinSource joinSource
}

enum Operation {
    MIN = 0
    MAX = 1
    FIRST = 2
    LAST = 3
    UNIQUE_COUNT = 4
    APPROX_UNIQUE_COUNT = 5
    COUNT = 6
    SUM = 7
    AVERAGE = 8
    VARIANCE = 9
    SKEW = 10
    KURTOSIS = 11
    APPROX_PERCENTILE = 12
    LAST_K = 13
    FIRST_K = 14
    TOP_K = 15
    BOTTOM_K = 16
    HISTOGRAM = 17
    APPROX_HISTOGRAM_K = 18
    BOUNDED_UNIQUE_COUNT = 19
}

enum TimeUnit {
    HOURS = 0
    DAYS = 1
}

struct Window {
    1: i32 length
    2: TimeUnit timeUnit
}

/** One aggregation of one input column, over zero or more windows and buckets. */
struct Aggregation {
    1: optional string inputColumn
    2: optional Operation operation
    /** Operation arguments as strings, e.g. {"k": "10"} or {"percentiles": "[0.5, 0.99]"}. */
    3: optional map<string, string> argMap
    /** No windows means one unbounded window. */
    4: optional list<Window> windows
    /** Each bucket column turns the output into a map from bucket value to result. */
    5: optional list<string> buckets
    /** Aggregate list inputs position by position. */
    6: optional bool elementWise
}

/** One output column of an Aggregation: a single window and at most one bucket. */
struct AggregationPart {
    1: optional string inputColumn
    2: optional Operation operation
    3: optional map<string, string> argMap
    4: optional Window window
    5: optional string bucket
    6: optional bool elementWise
}

enum Accuracy {
    TEMPORAL = 0
    SNAPSHOT = 1
}

struct MetaData {
    1: optional string name
    2: optional bool online
    3: optional bool production
    /** Free-form JSON, kept as a string. */
    4: optional string customJson
    /** Upstream dependencies, each a JSON object kept as a string. */
    5: optional list<string> dependencies
    6: optional map<string, string> tableProperties
    7: optional string outputNamespace
    8: optional string team
    /** Run mode -> environment variables for that mode. */
    9: optional map<string, map<string, string>> modeToEnvMap
    10: optional bool consistencyCheck
    11: optional double samplePercent
    12: optional string offlineSchedule
    13: optional double consistencySamplePercent
    14: optional bool historicalBackfill
    15: optional string deprecationDate
    16: optional string description
}

/** A named expression over a join's or group-by's output columns. `*` keeps every raw column. */
struct Derivation {
    1: optional string name
    2: optional string expression
    3: optional MetaData metaData
}

/** A feature set: aggregations of the selected source columns, grouped by key columns. */
struct GroupBy {
    1: optional MetaData metaData
    2: optional list<Source> sources
    3: optional list<string> keyColumns
    /** Unset means the source is already grouped by the keys ("no-agg"). */
    4: optional list<Aggregation> aggregations
    5: optional Accuracy accuracy
    6: optional string backfillStartDate
    7: optional list<Derivation> derivations
    8: optional bool isIncremental
}

/** Deprecated selection of an aggregation's windows inside a join part. */
struct AggregationSelector {
    1: optional string name
    2: optional list<Window> windows
}

struct JoinPart {
    1: optional GroupBy groupBy
    /** Left column -> GroupBy key column. */
    2: optional map<string, string> keyMapping
    3: optional list<AggregationSelector> selectors
    4: optional string prefix
}

struct ExternalSourceFactoryConfig {
    1: optional string factoryName
    2: optional map<string, string> factoryParams
}

/** A source served by user code at fetch time; null offline unless offlineGroupBy is set. */
struct ExternalSource {
    1: optional MetaData metadata
    2: optional TDataType keySchema
    3: optional TDataType valueSchema
    4: optional ExternalSourceFactoryConfig factoryConfig
    5: optional GroupBy offlineGroupBy
}

struct ExternalPart {
    1: optional ExternalSource source
    2: optional map<string, string> keyMapping
    3: optional string prefix
}

/** A precomputed table whose columns override the join's computed values on matching rows. */
struct BootstrapPart {
    1: optional MetaData metaData
    2: optional string table
    3: optional Query query
    /** Columns matched against the left; the join's rowIds when unset. */
    4: optional list<string> keyColumns
}

/** Labels joined to past left rows, refreshed over a window of days before each label date. */
struct LabelPart {
    1: optional list<JoinPart> labels
    2: optional i32 leftStartOffset
    3: optional i32 leftEndOffset
    4: optional MetaData metaData
}

/** How a model is served: a backend name and its parameters. */
struct InferenceSpec {
    1: optional string modelBackend
    2: optional map<string, string> modelBackendParams
}

/** A model applied to a join's output at fetch time (Chronon's CHIP-9). */
struct Model {
    1: optional MetaData metaData
    2: optional InferenceSpec inferenceSpec
    3: optional TDataType inputSchema
    4: optional TDataType outputSchema
}

struct ModelTransform {
    1: optional Model model
    /** Model input -> expression over the join's output. */
    2: optional map<string, string> inputMappings
    /** Model output -> output column name. */
    3: optional map<string, string> outputMappings
    4: optional string prefix
}

struct ModelTransforms {
    1: optional list<ModelTransform> transforms
    2: optional list<string> passthroughFields
}

/** Point-in-time correct features for every row of the left source. */
struct Join {
    1: optional MetaData metaData
    2: optional Source left
    3: list<JoinPart> joinParts
    /** Left column -> key values (SQL literals) excluded from the output. */
    4: optional map<string, list<string>> skewKeys
    5: optional list<ExternalPart> onlineExternalParts
    6: optional LabelPart labelPart
    7: optional list<BootstrapPart> bootstrapParts
    /** Left columns that identify a row, used by bootstraps. */
    8: optional list<string> rowIds
    9: optional list<Derivation> derivations
    10: optional ModelTransforms modelTransforms
}

/** An arbitrary SQL query over warehouse tables, written as a ds-partitioned table. */
struct StagingQuery {
    1: optional MetaData metaData
    /** May use {{ start_date }}, {{ end_date }}, {{ latest_date }} and {{ max_date(table=...) }}. */
    2: optional string query
    3: optional string startPartition
    4: optional list<string> setups
    5: optional bool createView
}

/** What the fetcher needs to decode a GroupBy's KV values, written by the batch upload. */
struct GroupByServingInfo {
    1: optional GroupBy groupBy
    2: optional string inputAvroSchema
    3: optional string selectedAvroSchema
    4: optional string keyAvroSchema
    /** The last partition (yyyy-MM-dd) in the upload; the batch ends at the next midnight UTC. */
    5: optional string batchEndDate
    6: optional string dateFormat
}

enum DataKind {
    BOOLEAN = 0
    BYTE = 1
    SHORT = 2
    INT = 3
    LONG = 4
    FLOAT = 5
    DOUBLE = 6
    STRING = 7
    BINARY = 8
    DATE = 9
    TIMESTAMP = 10
    MAP = 11
    LIST = 12
    STRUCT = 13
}

struct DataField {
    1: optional string name
    2: optional TDataType dataType
}

struct TDataType {
    1: DataKind kind
    2: optional list<DataField> params
    3: optional string name
}
