//! Print the text `nianbao` reads from a file, with the detected encoding and format:
//! `cargo run --example read_file -- FILE`.

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: read_file FILE");
        std::process::exit(2);
    };
    match nianbao::read::read_path(std::path::Path::new(&path)) {
        Ok(source) => {
            eprintln!("{} {}", source.info.encoding, source.info.format);
            print!("{}", source.text);
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
