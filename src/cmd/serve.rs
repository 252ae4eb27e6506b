//! `warraq serve`: the web application on this machine, for people who never open a terminal.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::process::ExitCode;
use std::sync::Arc;

use warraq::serve::Served;

use crate::messages;

/// `warraq serve`: listens on loopback unless told otherwise.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The port to listen on (0: any free one).
    #[arg(long, default_value_t = 7171, value_name = "N")]
    pub port: u16,
    /// The address to listen on; any other than loopback lets other machines in (with the
    /// token), and pages at loopback or private addresses are then not fetched.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST), value_name = "ADDR")]
    pub listen: IpAddr,
    /// Open the address in the default browser.
    #[arg(long)]
    pub open: bool,
    /// The largest file an upload may hold: a number of megabytes, or with K, M or G.
    #[arg(long, default_value = "100M", value_name = "SIZE", value_parser = size_value)]
    pub max_upload: u64,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    let public_only = !args.listen.is_loopback();
    let options = warraq_serve::Options {
        listen: SocketAddr::new(args.listen, args.port),
        max_upload: args.max_upload,
        open: args.open,
        workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    match warraq_serve::serve(&options, Arc::new(Served::new(public_only))) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => messages::error(&error),
    }
}

/// A `--max-upload` value: `100` (megabytes), `500K`, `100M`, `1G`.
fn size_value(value: &str) -> Result<u64, String> {
    let text = value.trim().to_ascii_uppercase();
    let text = text.strip_suffix('B').unwrap_or(&text);
    let (number, unit) = match text.char_indices().last() {
        Some((i, 'K')) => (&text[..i], 1024),
        Some((i, 'M')) => (&text[..i], 1024 * 1024),
        Some((i, 'G')) => (&text[..i], 1024 * 1024 * 1024),
        _ => (text, 1024 * 1024),
    };
    number
        .trim()
        .parse::<u64>()
        .ok()
        .filter(|n| *n > 0)
        .and_then(|n| n.checked_mul(unit))
        .ok_or_else(|| format!("{value:?} is not a size; give e.g. 100M, 500K or 1G"))
}

#[cfg(test)]
mod tests {
    use super::size_value;

    #[test]
    fn sizes() {
        assert_eq!(size_value("100"), Ok(100 * 1024 * 1024));
        assert_eq!(size_value("500K"), Ok(500 * 1024));
        assert_eq!(size_value("1gb"), Ok(1024 * 1024 * 1024));
        assert!(size_value("0").is_err() && size_value("lots").is_err());
    }
}
