// A flame graph of a stack-keyed aggregation as one self-contained SVG file: one box per function on a
// path, as wide as its share of the samples, the root at the bottom; coloured by module; each box's title
// (hover) gives the function, its samples and percentage; clicking a box zooms to it (click the root to
// reset); the Search button highlights matching functions and prints their share. No external resources.
import Foundation
import TraceCore

/// Writes flame graphs as SVG.
public enum FlameGraphSVG {
    /// The SVG's width in pixels, and one frame's height.
    static let width = 1200.0
    static let frameHeight = 16.0

    /// The SVG document for `snapshot` under `title`.
    public static func svg(_ snapshot: AggregationSnapshot, title: String) -> String {
        let root = StackText.tree(snapshot)
        var boxes: [(name: String, x: Double, w: Double, depth: Int, total: Int64)] = []
        var maxDepth = 0
        func visit(_ node: StackText.Node, x: Double, depth: Int) {
            var at = x
            for child in node.sortedChildren {
                let w = root.total == 0 ? 0 : Double(child.total) / Double(root.total)
                boxes.append((child.name, at, w, depth, child.total))
                maxDepth = max(maxDepth, depth)
                visit(child, x: at, depth: depth + 1)
                at += w
            }
        }
        boxes.append(("all", 0, 1, 0, root.total))
        visit(root, x: 0, depth: 1)
        let top = 48.0
        let height = top + Double(maxDepth + 1) * frameHeight + 32
        var out = """
        <?xml version="1.0" standalone="no"?>
        <svg version="1.1" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" xmlns="http://www.w3.org/2000/svg" onload="init(evt)">
        <style type="text/css">
        text { font-family: Verdana, sans-serif; font-size: 12px; fill: rgb(0,0,0); }
        .f:hover rect { stroke: black; stroke-width: 0.5; cursor: pointer; }
        #title { font-size: 17px; text-anchor: middle; }
        #search, #reset { cursor: pointer; opacity: 0.8; }
        </style>
        <rect x="0" y="0" width="\(Int(width))" height="\(Int(height))" fill="rgb(248,248,238)"/>
        <text id="title" x="\(Int(width / 2))" y="24">\(escape(title))</text>
        <text id="reset" x="10" y="24">Reset Zoom</text>
        <text id="search" x="\(Int(width - 110))" y="24">Search</text>
        <text id="matched" x="\(Int(width - 110))" y="\(Int(height - 10))"> </text>
        <text id="details" x="10" y="\(Int(height - 10))"> </text>
        <g id="frames">

        """
        for b in boxes {
            let y = height - 32 - Double(b.depth + 1) * frameHeight
            let percent = root.total == 0 ? 0 : Double(b.total) * 100 / Double(root.total)
            let label = "\(b.name) (\(b.total) samples, \(String(format: "%.2f", percent))%)"
            out += "<g class=\"f\" data-x=\"\(fmt(b.x))\" data-w=\"\(fmt(b.w))\" data-d=\"\(b.depth)\">"
            out += "<title>\(escape(label))</title>"
            out += "<rect x=\"\(fmt(b.x * width))\" y=\"\(fmt(y))\" width=\"\(fmt(b.w * width))\" height=\"\(fmt(frameHeight - 1))\" fill=\"\(colour(b.name))\" rx=\"2\"/>"
            out += "<text x=\"\(fmt(b.x * width + 3))\" y=\"\(fmt(y + frameHeight - 4))\">\(escape(b.name))</text></g>\n"
        }
        out += "</g>\n<script type=\"text/ecmascript\"><![CDATA[\n" + script + "\n]]></script>\n</svg>\n"
        return out
    }

    private static func fmt(_ v: Double) -> String { String(format: "%.3f", v) }

    /// A warm colour per module, the same for every function of that module (hash of the module name).
    static func colour(_ frame: String) -> String {
        if frame == "all" { return "rgb(220,220,220)" }
        var h: UInt32 = 2166136261
        for b in StackText.module(frame).utf8 { h = (h ^ UInt32(b)) &* 16777619 }
        var f: UInt32 = 2166136261
        for b in frame.utf8 { f = (f ^ UInt32(b)) &* 16777619 }
        let r = 200 + Int(h % 55)
        let g = 60 + Int((h >> 8) % 150) + Int(f % 20)
        let b = Int((h >> 16) % 60)
        return "rgb(\(r),\(min(g, 230)),\(b))"
    }

    /// Text escaped for XML content and attributes.
    static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                if c.value < 0x20 && c != "\t" { out += "?" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    /// Zoom, reset and search; labels are cut to fit their boxes.
    static let script = """
    var W = \(width), frames, details, matched;
    function init(evt) {
      frames = document.getElementById("frames").children;
      details = document.getElementById("details");
      matched = document.getElementById("matched");
      document.getElementById("reset").onclick = function () { zoom(0, 1, 0); };
      document.getElementById("search").onclick = search;
      for (var i = 0; i < frames.length; i++) {
        frames[i].onclick = function () { zoom(+this.dataset.x, +this.dataset.w, +this.dataset.d); };
        frames[i].onmouseover = function () { details.textContent = this.querySelector("title").textContent; };
      }
      zoom(0, 1, 0);
    }
    function fit(g) {
      var r = g.querySelector("rect"), t = g.querySelector("text"), full = g.querySelector("title").textContent;
      var name = full.replace(/ \\([0-9]+ samples.*$/, "");
      var w = +r.getAttribute("width"), room = Math.floor((w - 6) / 7);
      t.setAttribute("x", +r.getAttribute("x") + 3);
      t.textContent = room < 3 ? "" : (name.length <= room ? name : name.substring(0, room - 2) + "..");
    }
    function zoom(x, w, d) {
      for (var i = 0; i < frames.length; i++) {
        var g = frames[i], gx = +g.dataset.x, gw = +g.dataset.w, gd = +g.dataset.d, r = g.querySelector("rect");
        var inside = gx >= x - 1e-9 && gx + gw <= x + w + 1e-9, above = gd < d && gx <= x + 1e-9 && gx + gw >= x + w - 1e-9;
        if (above) { r.setAttribute("x", 0); r.setAttribute("width", W); g.style.opacity = 0.6; g.style.display = ""; }
        else if (inside) { r.setAttribute("x", (gx - x) / w * W); r.setAttribute("width", gw / w * W); g.style.opacity = 1; g.style.display = ""; }
        else { g.style.display = "none"; }
        fit(g);
      }
    }
    function search() {
      var term = prompt("Search for a function (regular expression):", "");
      if (term === null) return;
      var re = new RegExp(term), share = 0, seen = [];
      for (var i = 0; i < frames.length; i++) {
        var g = frames[i], r = g.querySelector("rect"), name = g.querySelector("title").textContent;
        if (!r.dataset.fill) r.dataset.fill = r.getAttribute("fill");
        var hit = term !== "" && re.test(name.replace(/ \\([0-9]+ samples.*$/, ""));
        r.setAttribute("fill", hit ? "rgb(230,0,230)" : r.dataset.fill);
        if (hit) {
          var gx = +g.dataset.x, gw = +g.dataset.w, nested = false;
          for (var j = 0; j < seen.length; j++) if (gx >= seen[j][0] && gx + gw <= seen[j][0] + seen[j][1]) nested = true;
          if (!nested) { seen.push([gx, gw]); share += gw; }
        }
      }
      matched.textContent = term === "" ? " " : "Matched: " + (share * 100).toFixed(1) + "%";
    }
    """
}
