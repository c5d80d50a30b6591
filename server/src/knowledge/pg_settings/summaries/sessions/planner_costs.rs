//! The planner's cost constants: the relative prices it puts on page reads, rows, operators,
//! parallel workers and JIT compilation when it compares plans.

/// Our explanation of a planner cost constant, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "seq_page_cost" => {
            "The planner's price for reading one page during a sequential scan; the other costs \
             are measured against it. Lower it together with random_page_cost when nearly all \
             data is cached."
        }
        "random_page_cost" => {
            "The planner's price for reading one page out of order, relative to seq_page_cost. \
             The default of 4 models spinning disks; on SSDs or mostly cached data 1.1 to 2 \
             lets the planner pick index scans where they really are faster."
        }
        "cpu_tuple_cost" => {
            "The planner's price for handling one row of a table scan or join, relative to \
             reading a page."
        }
        "cpu_index_tuple_cost" => {
            "The planner's price for each index entry an index scan looks at, relative to \
             reading a page."
        }
        "cpu_operator_cost" => {
            "The planner's price for evaluating one operator or function call; a function's \
             COST is counted in multiples of it."
        }
        "parallel_setup_cost" => {
            "What the planner charges for starting parallel workers. Raising it keeps cheap \
             queries from going parallel, lowering it makes parallel plans more common."
        }
        "parallel_tuple_cost" => {
            "What the planner adds for every row a parallel worker hands to the leader; high \
             values favour parallel plans that send few rows."
        }
        "min_parallel_table_scan_size" => {
            "Tables smaller than this are never scanned in parallel; above it the planner adds \
             one more worker each time the table is three times larger."
        }
        "min_parallel_index_scan_size" => {
            "How much of an index a scan must be expected to read before the planner considers \
             doing it in parallel."
        }
        "jit_above_cost" => {
            "Queries estimated to cost more than this are compiled with JIT; -1 turns JIT off. \
             Compiling can take longer than a short query runs, so OLTP servers whose estimates \
             are high often raise it or set jit = off."
        }
        "jit_inline_above_cost" => {
            "Above this estimated cost, JIT also inlines the code of small functions and \
             operators into the compiled query; -1 never inlines. Keep it at or above \
             jit_above_cost."
        }
        "jit_optimize_above_cost" => {
            "Above this estimated cost, JIT runs LLVM's costly optimization passes on the \
             compiled code; -1 never does. Keep it at or above jit_above_cost."
        }
        _ => return None,
    };
    Some(text)
}
