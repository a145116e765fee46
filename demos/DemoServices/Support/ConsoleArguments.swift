/// Splits a demo's command line into its own flags and the co-hosted console's flags
/// (`--script FILE`, `--duration D`, `--json`, …), which the console parses itself.
public enum ConsoleArguments {
    /// `demo` holds the demo's flags (with their values); `console` everything else, in order.
    /// `--duration` goes to the demo only with `--no-console` (then it stops the service).
    public static func split(_ arguments: [String], demoValueFlags: Set<String>, demoSwitches: Set<String>)
        -> (demo: [String], console: [String]) {
        let headless = arguments.contains("--no-console")
        var demoValues = demoValueFlags
        if headless { demoValues.insert("--duration") }
        var demo: [String] = [], console: [String] = []
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            let flag = String(argument.split(separator: "=", maxSplits: 1).first ?? "")
            i += 1
            if demoSwitches.contains(flag) {
                demo.append(argument)
            } else if demoValues.contains(flag) {
                demo.append(argument)
                if !argument.contains("="), i < arguments.count {
                    demo.append(arguments[i])
                    i += 1
                }
            } else {
                console.append(argument)
            }
        }
        return (demo, console)
    }
}
