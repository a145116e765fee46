// Whether a terminal shows the 256-colour palette (`ESC[38;5;Nm`), from what terminals advertise in the
// environment: COLORTERM `truecolor` or `24bit` (direct-colour terminals show the palette too), or a TERM
// naming 256 or direct colours (`xterm-256color`, `tmux-256color`, `xterm-direct`) or a terminal that has
// them whatever it is called (kitty, alacritty, foot, wezterm). NO_COLOR (any value but empty) turns colours
// off, as no-color.org asks; TERM `dumb` or unset never gets them.

/// The terminal's colour capability.
public enum ColorSupport {
    /// Whether the terminal described by `term`, `colorTerm` and `noColor` (TERM, COLORTERM, NO_COLOR) shows
    /// 256 colours.
    public static func has256Colors(term: String?, colorTerm: String?, noColor: String?) -> Bool {
        if let noColor, !noColor.isEmpty { return false }
        let term = (term ?? "").lowercased()
        if term.isEmpty || term == "dumb" { return false }
        let colorTerm = (colorTerm ?? "").lowercased()
        if colorTerm == "truecolor" || colorTerm == "24bit" { return true }
        if term.contains("256color") || term.hasSuffix("-direct") { return true }
        return ["xterm-kitty", "alacritty", "foot", "wezterm"].contains { term == $0 || term.hasPrefix($0 + "-") }
    }
}
