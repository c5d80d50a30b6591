//! The `enable_*` switches of the planner. Each one only makes a plan shape look very
//! expensive, so the planner still uses it when nothing else can run the query; they are
//! tools for finding out why a plan was chosen, not production settings.

/// Our explanation of a planner method switch, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "enable_async_append" => {
            "Lets an Append run its children asynchronously, so that scans of several foreign \
             tables (postgres_fdw with `async_capable` on) wait on the network at the same time \
             instead of one after another."
        }
        "enable_bitmapscan" => {
            "Lets the planner use bitmap scans: collect the matching row positions from one or \
             more indexes first, then read the table pages in physical order. Turning it off is \
             a diagnostic, not a fix."
        }
        "enable_distinct_reordering" => {
            "Lets the planner put the keys of a DISTINCT in another order, such as one an index \
             or an earlier sort already provides, to avoid sorting again."
        }
        "enable_gathermerge" => {
            "Lets a parallel plan combine its workers' already sorted outputs while keeping the \
             order (Gather Merge), instead of collecting them and sorting once more."
        }
        "enable_group_by_reordering" => {
            "Lets the planner group by the GROUP BY keys in a different order when its input \
             already arrives sorted on some of them, saving a sort."
        }
        "enable_hashagg" => {
            "Lets the planner use hash tables for GROUP BY, DISTINCT and set operations. A hash \
             aggregate that outgrows work_mem × hash_mem_multiplier writes the excess to disk."
        }
        "enable_hashjoin" => {
            "Lets the planner use hash joins, which load the smaller input into an in-memory \
             hash table and look each row of the other input up in it; usually the best choice \
             for large joins without a useful order."
        }
        "enable_incremental_sort" => {
            "Lets the planner sort input that is already ordered on the leading keys (from an \
             index, say) group by group on the remaining keys, which is cheaper and can return \
             the first rows sooner than a full sort."
        }
        "enable_indexonlyscan" => {
            "Lets the planner answer a query from an index alone when the index has every column \
             needed. It pays off only on pages the visibility map marks all-visible, so tables \
             need regular vacuuming; enable_indexscan must be on as well."
        }
        "enable_indexscan" => {
            "Lets the planner fetch rows through an index in index order. Turning it off also \
             rules out index-only scans."
        }
        "enable_material" => {
            "Lets the planner keep an input's rows in a Materialize node so that it can be \
             read again cheaply, typically the inner side of a nested loop. Plans that need \
             one to be correct still get it when this is off."
        }
        "enable_memoize" => {
            "Lets the planner cache the inner side's rows of a parameterized nested loop by \
             parameter value (Memoize), so repeated values skip the scan. An overestimate of \
             repeated values can make it a poor choice."
        }
        "enable_mergejoin" => {
            "Lets the planner use merge joins, which walk two inputs sorted on the join key in \
             step; a good fit when both sides come sorted from indexes."
        }
        "enable_nestloop" => {
            "Lets the planner use nested-loop joins, which scan the inner side once for each \
             outer row: quick for a few outer rows with an index, very slow when the planner \
             underestimated the outer rows. Some joins can only run this way, so off never \
             removes them entirely."
        }
        "enable_parallel_append" => {
            "Lets parallel workers split the children of an Append (partitions, UNION ALL \
             branches) between them, instead of all of them working through each child in \
             turn."
        }
        "enable_parallel_hash" => {
            "Lets the workers of a parallel hash join build one shared hash table together \
             instead of each building a full copy of its own."
        }
        "enable_partition_pruning" => {
            "Lets the planner and executor skip partitions that the query's conditions exclude, \
             both while planning and once parameter values are known at run time. Partitioned \
             tables depend on it; leave it on."
        }
        "enable_partitionwise_aggregate" => {
            "Lets the planner group or aggregate each partition on its own (fully when grouping \
             by the partition key, partially otherwise). Off by default because planning gets \
             slower and hungrier for memory with many partitions."
        }
        "enable_partitionwise_join" => {
            "Lets the planner join two tables partitioned the same way partition by partition. \
             Off by default because planning time and memory grow with the number of \
             partitions."
        }
        "enable_presorted_aggregate" => {
            "Lets the planner hand an aggregate with ORDER BY or DISTINCT in its arguments rows \
             that are already sorted, instead of the aggregate sorting them itself. Turning it \
             off restores the older behaviour if a query got slower."
        }
        "enable_self_join_elimination" => {
            "Lets the planner drop a join of a table with itself on a unique key, where each row \
             can only match itself; ORMs and views often produce such joins."
        }
        "enable_seqscan" => {
            "Lets the planner read whole tables from start to end. It cannot forbid them, since \
             a table without a usable index has no other path; turning it off in a session is \
             a way to see whether an index would be used."
        }
        "enable_sort" => {
            "Lets the planner add explicit sort steps. Off only makes them look expensive, since \
             many queries cannot be answered without one."
        }
        "enable_tidscan" => {
            "Lets the planner fetch rows directly by their physical address when a query \
             filters on `ctid`, by single values or ranges."
        }
        _ => return None,
    };
    Some(text)
}
