use pulldown_cmark::{Options, Parser};
fn main() {
    let p = std::env::args().nth(1).unwrap();
    let s = std::fs::read_to_string(p).unwrap();
    for (e, r) in Parser::new_ext(&s, Options::ENABLE_TASKLISTS).into_offset_iter() {
        println!("{:?} {:?} {:?}", e, r.clone(), &s[r]);
    }
}
