//! The floor for a correct parse, used by `bench/whole.sh`: read each file named on the command
//! line, run pulldown-cmark over it with offsets (task lists on, as `preflight` does) and count
//! the task markers. No model, no roll-up, no output beyond one line of counts.
//!
//! `cargo run --release --example bare_pass -- FILE…`

use pulldown_cmark::{Event, Options, Parser};

fn main() -> std::io::Result<()> {
    let (mut done, mut total) = (0usize, 0usize);
    for path in std::env::args_os().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        for (event, range) in Parser::new_ext(&text, Options::ENABLE_TASKLISTS).into_offset_iter() {
            if let Event::TaskListMarker(checked) = event {
                // Touch the offsets so the optimiser cannot drop the offset bookkeeping.
                total += 1;
                done += usize::from(checked) + (range.start > text.len()) as usize;
            }
        }
    }
    println!("{done}/{total}");
    Ok(())
}
