//! The other planner settings: the genetic optimizer for joins of many tables, how far the
//! planner flattens and reorders joins, statistics detail, JIT and plan caching.

/// Our explanation of a planner setting outside methods and costs, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "geqo" => {
            "Whether joins of geqo_threshold or more tables are planned by the genetic query \
             optimizer, a heuristic search that plans much faster than trying every join order \
             but may miss the best one."
        }
        "geqo_effort" => {
            "Trades planning time for plan quality in the genetic optimizer; it only derives \
             the defaults of geqo_pool_size and geqo_generations."
        }
        "geqo_generations" => {
            "How many rounds of breeding the genetic optimizer runs; 0 runs as many rounds as \
             the pool has members."
        }
        "geqo_pool_size" => {
            "How many candidate join orders the genetic optimizer keeps in each round; 0 picks a \
             size from geqo_effort and the number of tables."
        }
        "geqo_seed" => {
            "The starting value of the genetic optimizer's random choices. The same value gives \
             the same plans again; another value explores other join orders."
        }
        "geqo_selection_bias" => {
            "How strongly the genetic optimizer favours its best candidates when it picks \
             parents for the next round."
        }
        "geqo_threshold" => {
            "From this many FROM items on, joins are planned by the genetic optimizer instead \
             of an exhaustive search, whose planning time grows very fast with more tables."
        }
        "constraint_exclusion" => {
            "Whether the planner uses CHECK constraints to skip tables that cannot hold matching \
             rows: `partition` only for inheritance children and UNION ALL branches, `on` for \
             every table at some planning cost. Declarative partitions use partition pruning \
             instead."
        }
        "cursor_tuple_fraction" => {
            "What share of a cursor's rows the planner expects to be fetched: small values \
             favour plans that return the first rows fast, 1.0 plans for reading everything."
        }
        "default_statistics_target" => {
            "How detailed the statistics that ANALYZE collects are (most common values and \
             histogram buckets) for columns without their own target. More helps skewed columns \
             but slows ANALYZE and planning; ALTER TABLE ... SET STATISTICS raises it per column."
        }
        "from_collapse_limit" => {
            "The planner pulls subqueries up into the outer query only while its FROM list stays \
             within this many items; beyond it, they are planned separately, which bounds \
             planning time but may give worse join orders."
        }
        "join_collapse_limit" => {
            "The planner reorders explicit JOIN clauses only up to this many items; 1 makes it \
             join in the order written, which lets you force a join order by hand."
        }
        "jit" => {
            "Whether queries whose estimated cost passes jit_above_cost are compiled to machine \
             code with LLVM. Many OLTP servers turn it off, because compiling takes longer than \
             short queries save."
        }
        "plan_cache_mode" => {
            "How prepared statements choose between a plan made for each execution's values and \
             one generic plan: `auto` switches to the generic plan after five runs if it looks \
             no worse. `force_custom_plan` helps when skewed data makes the generic plan slow."
        }
        "recursive_worktable_factor" => {
            "The planner's guess of how many rows a WITH RECURSIVE query's working table holds, \
             as a multiple of the rows of its starting (non-recursive) part."
        }
        _ => return None,
    };
    Some(text)
}
