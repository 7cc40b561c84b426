//! Colour: whether to use it, and painting text with it.
//!
//! Colour goes only where it is wanted: `--color always|never` wins; otherwise `NO_COLOR`
//! (any non-empty value) turns it off, `CLICOLOR_FORCE` (non-empty, not `0`) turns it on, and
//! else it follows whether stdout is a terminal. Painting is a no-op when colour is off, so
//! renderers call it unconditionally.

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Decides colour from the flag, the terminal and the environment (values passed in: pure).
pub fn use_color(
    choice: ColorChoice,
    stdout_is_terminal: bool,
    no_color: Option<&str>,
    clicolor_force: Option<&str>,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if no_color.is_some_and(|v| !v.is_empty()) {
                false
            } else if clicolor_force.is_some_and(|v| !v.is_empty() && v != "0") {
                true
            } else {
                stdout_is_terminal
            }
        }
    }
}

/// A text style: an SGR sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Green,
    Yellow,
    Red,
    Dim,
    Bold,
}

impl Paint {
    fn sgr(self) -> &'static str {
        match self {
            Paint::Green => "32",
            Paint::Yellow => "33",
            Paint::Red => "31",
            Paint::Dim => "2",
            Paint::Bold => "1",
        }
    }
}

/// Whether output is coloured; passed to renderers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Colors {
    pub enabled: bool,
}

impl Colors {
    /// `text` wrapped in the style's escape sequences, or as it is when colour is off.
    /// `text` must already be sanitised: this adds the only escapes in the output.
    pub fn paint(self, paint: Paint, text: &str) -> String {
        if self.enabled {
            format!("\u{1b}[{}m{text}\u{1b}[0m", paint.sgr())
        } else {
            text.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_then_no_color_then_clicolor_force_then_terminal() {
        use ColorChoice::*;
        assert!(use_color(Always, false, Some("1"), None));
        assert!(!use_color(Never, true, None, Some("1")));
        assert!(!use_color(Auto, true, Some("1"), Some("1")));
        assert!(
            use_color(Auto, true, Some(""), None),
            "empty NO_COLOR is unset"
        );
        assert!(use_color(Auto, false, None, Some("1")));
        assert!(!use_color(Auto, false, None, Some("0")));
        assert!(use_color(Auto, true, None, None));
        assert!(!use_color(Auto, false, None, None));
    }

    #[test]
    fn painting_is_a_no_op_without_colour() {
        assert_eq!(Colors { enabled: false }.paint(Paint::Red, "x"), "x");
        assert_eq!(
            Colors { enabled: true }.paint(Paint::Red, "x"),
            "\u{1b}[31mx\u{1b}[0m"
        );
    }
}
