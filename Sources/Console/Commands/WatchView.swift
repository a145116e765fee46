// The views `watch … as VIEW` and `show … as VIEW` draw (docs/console.md, "Views").

/// How a watched aggregation is drawn.
public enum WatchView: String, Sendable, Equatable, CaseIterable {
    /// Tables by total (count/sum tables with a rate and a sparkline per key), histograms with bars.
    case table
    /// Tables sorted by the current rate, each key with its rate and sparkline.
    case rates
    /// Histograms as a heatmap over time.
    case heatmap

    /// The words `as` accepts.
    static let words = ["heatmap", "rates"]
}
