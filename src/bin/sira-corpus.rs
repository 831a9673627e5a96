//! `sira-corpus DIR N [SEED]`: writes a synthetic site of N fiches (French and English).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(n)) = (
        args.first(),
        args.get(1).and_then(|n| n.parse::<usize>().ok()),
    ) else {
        eprintln!("usage: sira-corpus DIR N [SEED]\n  writes a synthetic site of N fiches × 2 languages into DIR");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match sira::corpus::generate(std::path::Path::new(dir), n, seed) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: cannot write the corpus into {dir}: {e}");
            ExitCode::from(2)
        }
    }
}
