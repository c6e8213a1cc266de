/**
 * Spark SQL expressions of Chronon configs, compiled once into row functions that run without any
 * engine: in a Beam {@code DoFn} for backfills and streaming, and in the online fetcher.
 *
 * <p>{@link org.chrononbeam.expressions.QueryCompiler} compiles a {@code Query} ({@code selects},
 * {@code wheres}, {@code timeColumn} and the partition bounds) and {@link
 * org.chrononbeam.expressions.DerivationCompiler} compiles derivations. Both read and write rows
 * as {@code Object[]} laid out by a {@link org.chrononbeam.expressions.RowSchema}, and both report
 * every bad expression at once as a {@code ConfigException} naming the field and the expression.
 *
 * <pre>{@code
 * CompiledQuery q = QueryCompiler.compile("team.clicks.v1", query, sourceSchema);
 * Object[] out = q.apply(row); // null when the wheres reject the row
 * }</pre>
 *
 * <p>{@link org.chrononbeam.expressions.SparkQueryPlanner} plans a whole query (joins, {@code
 * GROUP BY}, window functions, subqueries) with the same language and semantics, for Calcite's own
 * engine; staging queries run that way.
 *
 * <p>Definitions used throughout:
 *
 * <ul>
 *   <li><b>Row</b>: an {@code Object[]} whose element {@code i} is the value of column {@code i}
 *       of its schema, or {@code null}. See {@link org.chrononbeam.expressions.Column} for the Java
 *       class each kind takes; a {@code TIMESTAMP} is a {@code Long} of epoch milliseconds, a
 *       {@code DATE} an {@code Integer} of days since 1970-01-01, and {@code ts} columns are
 *       {@code LONG} epoch milliseconds.
 *   <li><b>Compile once</b>: parsing, validation (Apache Calcite with its Spark function library)
 *       and Java code generation (Janino) happen in the compiler; applying a compiled query does no
 *       parsing, name lookup or reflection, and allocates only the output row and boxed values.
 *       A query whose selects and wheres use scalar and string columns, arithmetic (decimal
 *       arithmetic included, on unscaled {@code long} values), comparisons, casts, {@code CASE},
 *       {@code COALESCE}, three-valued logic, string and date functions, {@code concat_ws}, and
 *       list and map columns of scalars ({@code size}, {@code a[i]}, {@code m['k']}, {@code
 *       array_contains}, or as they are), but not casts of fractions or strings to decimals, also
 *       has a columnar form, {@link org.chrononbeam.expressions.CompiledQuery#columnar()}, which
 *       evaluates rows stored column by column in primitive arrays without boxing; see {@link
 *       org.chrononbeam.expressions.ColumnarQuery}. A row whose decimals do not fit in a {@code
 *       long} is evaluated by the row function there, the only rows that box.
 *   <li><b>Spark semantics</b> (non-ANSI), where they differ from Calcite's: {@code /} is double
 *       division and {@code NULL} for a zero divisor, as is {@code %} by zero (typed as the wider
 *       of its operands), a {@code NULL} that {@code IS NULL}, {@code coalesce} and the like see;
 *       integer arithmetic and narrowing casts wrap around like Java's; a decimal cast to an
 *       integer type is truncated toward zero exactly, and beyond a {@code BIGINT} keeps the low 64
 *       bits of its integer part, narrowed further like Java's; {@code CAST} of a bad string gives
 *       {@code NULL}; a comparison with {@code NULL} is {@code NULL} and a {@code NULL} where
 *       rejects the row; string functions of {@code NULL}, and {@code concat} with any {@code
 *       NULL}, give {@code NULL}, while {@code concat_ws} skips {@code NULL} arguments and {@code
 *       NULL} elements of its arrays; {@code array_contains} is {@code NULL} when it finds nothing
 *       in an array with a {@code NULL} element; {@code a[i]} of a {@code BIGINT} index takes its
 *       {@code int} value; {@code substr} is 1-based; {@code lpad} and {@code rpad} truncate to a
 *       length below the string's and an empty pad pads nothing; {@code repeat} and {@code space}
 *       of a count below one give {@code ''}; {@code format_number(x, d)} rounds half even and is
 *       {@code NULL} for a negative {@code d}; a string result longer than 2^28 characters ({@code
 *       repeat}, {@code space}, {@code lpad}, {@code rpad}) is an error naming the function, where
 *       Spark's would exhaust the memory; a math function ({@code abs}, {@code cos}, {@code floor},
 *       ...) of a string casts it to {@code DOUBLE}, {@code NULL} when it is not a number; {@code
 *       FLOOR}/{@code CEIL} of a fraction is a {@code BIGINT}; {@code ==} means {@code =}; string
 *       literals take single or double quotes; identifiers are matched ignoring case and may be
 *       quoted with backticks. Time functions ({@code date_format}, {@code to_date}, {@code
 *       from_unixtime}, {@code unix_timestamp}) work in UTC; see {@link
 *       org.chrononbeam.expressions.SparkFunctions}.
 *   <li><b>Fractional results</b>: Spark's decimals have no Chronon kind, so an expression whose
 *       type is {@code DECIMAL} (such as {@code price * 1.5} over a {@code LONG}) yields a {@code
 *       DOUBLE}, the nearest to the exact decimal value. A cast to {@code DECIMAL(p, s)} rounds
 *       half up to {@code s} digits after the point and is {@code NULL} when the result has more
 *       than {@code p} digits, as in Spark, a literal's too ({@code CAST(1.25 AS DECIMAL(3, 1))}
 *       is 1.3, and a {@code DECIMAL} without a precision is {@code DECIMAL(10, 0)} for it);
 *       decimals have up to 38 digits.
 * </ul>
 *
 * <p>What an expression may use: column references; literals; {@code + - * / %}; comparisons,
 * {@code BETWEEN}, {@code LIKE}, {@code RLIKE}; {@code AND OR NOT}; {@code CASE WHEN}, {@code IF},
 * {@code COALESCE}, {@code NVL}, {@code NVL2}, {@code NULLIF}; {@code CAST} (also to {@code
 * STRING}, {@code LONG}, {@code SHORT}, {@code BYTE}); {@code IS [NOT] NULL}, {@code isnull},
 * {@code isnotnull}; {@code [NOT] IN (list)}; string functions ({@code concat}, {@code ||}, {@code
 * lower}, {@code upper}, {@code substr}, {@code substring}, {@code length}, {@code trim}, {@code
 * replace}, {@code regexp_replace}, {@code lpad}, {@code concat_ws}, ...); math ({@code abs},
 * {@code round}, {@code floor}, {@code ceil}, {@code pow}, {@code sqrt}, {@code ln}, {@code
 * greatest}, ...); dates ({@code date_format}, {@code to_date}, {@code from_unixtime}, {@code
 * unix_timestamp}, {@code datediff}, {@code year} and the other fields, {@code date_add}, {@code
 * add_months}, {@code INTERVAL} arithmetic); on a {@code LIST} or {@code MAP} column of scalars,
 * {@code a[0]} (0-based), {@code m['key']}, {@code size}, {@code array_contains}; and the rest of
 * Calcite's standard and Spark function libraries that return a scalar. Rejected when the config is
 * compiled: aggregates, window functions, subqueries, functions of the clock or of chance ({@code
 * current_timestamp}, {@code rand}), lambdas, {@code DIV}, struct fields, functions returning
 * arrays or maps, and any function neither library has.
 */
package org.chrononbeam.expressions;
