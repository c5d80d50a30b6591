//! How long the analysis of a 10,000-rule file takes. It asserts nothing about time (test
//! machines vary); it prints the figure. For a meaningful number run it in release mode:
//!
//! ```text
//! cargo test --release -p pgconf-lsp hba_benchmark -- --nocapture
//! ```

use std::time::Instant;

use crate::settings::Settings;

/// A file of `count` rules of the kinds real files hold: per-database, per-user lines for
/// distinct networks, some overlapping ones, some of them unreachable.
pub(crate) fn generated_file(count: usize) -> String {
    let mut text = String::from("# TYPE DATABASE USER ADDRESS METHOD\n");
    text.push_str("local all postgres peer\n");
    for index in 0..count {
        let (a, b, c) = ((index >> 16) & 0xff, (index >> 8) & 0xff, index & 0xff);
        let line = match index % 5 {
            0 => format!("hostssl db{a} app{b} 10.{a}.{b}.{c}/32 scram-sha-256\n"),
            1 => format!("hostssl all +team{c} 10.{a}.{b}.0/24 scram-sha-256\n"),
            2 => format!("host db{c},db{b} all 2001:db8:{a:x}:{b:x}::/64 md5\n"),
            3 => format!("hostnossl all all 172.{}.{b}.{c}/32 reject\n", 16 + (a % 16)),
            _ => format!("host replication repl{c} 192.168.{b}.0/24 scram-sha-256\n"),
        };
        text.push_str(&line);
    }
    // A copy of the first rule, which is dead.
    text.push_str("hostssl db0 app0 10.0.0.0/32 scram-sha-256\n");
    text.push_str("host all all 0.0.0.0/0 reject\n");
    text
}

/// The nanoseconds this thread has spent on a CPU (Linux), which a busy machine does not
/// inflate the way it does wall time.
fn thread_cpu_ns() -> Option<u64> {
    let schedstat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    schedstat.split_whitespace().next()?.parse().ok()
}

#[test]
#[allow(clippy::print_stdout, reason = "the benchmark reports its figure")]
fn hba_benchmark() {
    let text = generated_file(10_000);
    let settings = Settings::default();

    // The best of a few runs: the first pays for warming the allocator, and a busy
    // machine slows some runs down.
    let mut times = Vec::new();
    let mut cpu_times = Vec::new();
    let mut findings = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let cpu_started = thread_cpu_ns();
        findings = super::check(&text, &settings);
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if let (Some(before), Some(after)) = (cpu_started, thread_cpu_ns()) {
            cpu_times.push((after - before) as f64 / 1e6);
        }
    }
    times.sort_by(f64::total_cmp);
    cpu_times.sort_by(f64::total_cmp);
    let cpu = cpu_times.first().map_or(String::new(), |best| format!("; {best:.1} ms on CPU"));
    println!(
        "hba benchmark: 10000 rules analysed in {:.1} ms (best of 5; median {:.1} ms{cpu}; {} \
        findings)",
        times[0],
        times[2],
        findings.len()
    );
    assert!(findings.iter().any(|finding| finding.rule == &super::UNREACHABLE_RULE));
}
