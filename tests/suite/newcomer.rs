//! What a new user meets first (issue 29): each command's help, and the messages for the
//! usual first mistakes, with their exit codes.

use crate::util::warraq;

fn help(args: &[&str]) -> String {
    let output = warraq().args(args).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).unwrap()
}

/// The exit-code lines after "Exit codes:", each `  CODE  meaning`.
fn exit_lines(help: &str) -> Vec<&str> {
    help.split("Exit codes:\n")
        .nth(1)
        .expect("an exit-code list")
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

#[test]
fn every_help_lists_its_exit_codes_one_a_line() {
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["check", "--help"],
        &["fix", "--help"],
        &["cover", "--help"],
    ] {
        let text = help(args);
        let lines = exit_lines(&text);
        assert!(lines.len() >= 5, "{args:?}: {lines:?}");
        for line in lines {
            let code = line.split_whitespace().next().unwrap_or("");
            assert!(
                line.starts_with("  ") && code.parse::<u8>().is_ok(),
                "{args:?}: a line that is not a code of its own: {line:?}\n{text}"
            );
        }
    }
    let overview = help(&["--help"]);
    assert!(
        overview.contains("  74  another I/O error, or an internal error\n"),
        "{overview}"
    );
}

#[test]
fn each_command_shows_its_own_examples() {
    let overview = help(&["--help"]);
    for command in ["build", "check", "fix", "cover"] {
        assert!(
            overview.contains(&format!("  warraq {command} ")),
            "the overview shows no {command}: {overview}"
        );
    }
    for command in ["build", "check", "fix", "cover"] {
        let text = help(&[command, "--help"]);
        let examples = text.split("Examples:\n").nth(1).unwrap();
        let examples = examples.split("Exit codes:").next().unwrap();
        for line in examples
            .lines()
            .filter(|l| l.trim_start().starts_with("warraq "))
        {
            assert!(
                line.trim_start().starts_with(&format!("warraq {command}")),
                "{command} --help shows another command's example: {line}"
            );
        }
    }
}
