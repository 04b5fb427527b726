import Foundation

/// The script `folio preview` adds to the HTML it serves (never to report.html on disk): it long-polls
/// `/__folio/state`, reloads when the published report's version differs from the page's, keeps
/// the scroll position across the reload, and shows build errors in a banner over the page.
enum LiveReload {
    static let statePath = "/__folio/state"

    /// `html` with the script inserted before `</body>` (appended when there is none).
    static func inject(into html: String, version: String) -> String {
        let script = self.script(version: version)
        guard let end = html.range(of: "</body>", options: .backwards) else { return html + script }
        return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: script)
    }

    /// The page served before any build has published a report (the first build is running or failed).
    static func placeholder(analysis: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(analysis)): folio preview</title></head>
        <body style="font-family: sans-serif; margin: 3em;"><h1>\(escape(analysis))</h1>
        <p id="folio-preview-waiting">No report yet: waiting for the first build.</p></body></html>
        """
    }

    static func script(version: String) -> String {
        // The version is a hex digest or "", so it needs no escaping inside the string literal.
        """
        <script id="folio-preview">
        (() => {
          const version = "\(version)";
          const key = "folio-preview-scroll:" + location.pathname;
          const saved = sessionStorage.getItem(key);
          if (saved !== null) {
            sessionStorage.removeItem(key);
            window.addEventListener("load", () => window.scrollTo(0, Number(saved)));
          }
          function banner(id, style) {
            let box = document.getElementById(id);
            if (!box) {
              box = document.createElement("div");
              box.id = id;
              box.setAttribute("style", style);
              document.body.appendChild(box);
            }
            return box;
          }
          function show(state) {
            const errorBox = document.getElementById("folio-preview-error");
            if (state.error) {
              const box = banner("folio-preview-error", "position:fixed;left:0;right:0;top:0;max-height:60vh;overflow:auto;" +
                "z-index:2147483647;margin:0;padding:1em 1.5em;background:#fff0f0;color:#8b0000;border-bottom:3px solid #c00;" +
                "font:13px/1.45 ui-monospace,monospace;white-space:pre-wrap;box-shadow:0 2px 8px rgba(0,0,0,.25)");
              box.textContent = "folio preview: the last build failed; showing the last good report.\\n\\n" + state.error;
            } else if (errorBox) {
              errorBox.remove();
            }
            const activity = document.getElementById("folio-preview-activity");
            if (state.activity) {
              banner("folio-preview-activity", "position:fixed;right:1em;bottom:1em;z-index:2147483647;padding:.3em .8em;" +
                "background:#333;color:#fff;border-radius:4px;font:12px sans-serif;opacity:.85").textContent = state.activity + "…";
            } else if (activity) {
              activity.remove();
            }
          }
          async function poll() {
            let seen = "";
            for (;;) {
              try {
                const response = await fetch("\(statePath)?seen=" + encodeURIComponent(seen), {cache: "no-store"});
                const state = await response.json();
                if (state.version && state.version !== version) {
                  sessionStorage.setItem(key, String(window.scrollY));
                  location.reload();
                  return;
                }
                show(state);
                seen = state.token;
              } catch (e) {
                await new Promise(resolve => setTimeout(resolve, 250));  // restarting: try again
              }
            }
          }
          if (document.body) poll(); else window.addEventListener("DOMContentLoaded", poll);
        })();
        </script>

        """
    }

    private static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }
}
