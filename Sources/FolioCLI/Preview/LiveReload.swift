import Foundation

/// The script `folio preview` adds to the HTML it serves (never to report.html on disk): it long-polls
/// `/__folio/state`, updates the page when the published report's version differs from the page's
/// (in place, else by reloading), keeps the scroll position, and shows build errors in a banner.
enum LiveReload {
    static let statePath = "/__folio/state"

    /// `html` with the script inserted before `</body>` (appended when there is none).
    static func inject(into html: String, version: String) -> String {
        let script = self.script(version: version)
        guard let end = html.range(of: "</body>", options: .backwards) else { return html + script }
        return html.replacingCharacters(in: end.lowerBound..<end.lowerBound, with: script)
    }

    /// `html` with every `src="…"` and `href="…"` that names a published file given a content
    /// version (`figures/x.png?v=<sha256 prefix>`): the page can then keep unchanged figures when
    /// it updates, and fetches a changed one under its new name.
    static func versioningLinks(_ html: String, files: [String: String]) -> String {
        let parts = html.split(separator: "\"", omittingEmptySubsequences: false)
        var result = ""
        result.reserveCapacity(html.utf8.count + 64 * files.count)
        for (index, part) in parts.enumerated() {
            if index > 0 { result += "\"" }
            result += part
            if index > 0, parts[index - 1].hasSuffix("src=") || parts[index - 1].hasSuffix("href="), let sha = files[String(part)] {
                result += "?v=" + linkVersion(sha)
            }
        }
        return result
    }

    static func linkVersion(_ sha256: String) -> String { String(sha256.prefix(16)) }

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
        // The version is a hex digest or "", so it needs no escaping inside the attribute.
        """
        <script id="folio-preview" data-version="\(version)">
        (() => {
          let version = document.currentScript.dataset.version;
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
          // The new page replaces the body in place: figures whose versioned links are unchanged
          // are not loaded again, and the reader keeps their place. A changed <head> (stylesheets,
          // title) or anything unexpected reloads the page instead.
          async function update() {
            const response = await fetch(location.pathname, {cache: "no-store"});
            const next = new DOMParser().parseFromString(await response.text(), "text/html");
            const script = next.getElementById("folio-preview");
            if (!script || next.head.innerHTML !== document.head.innerHTML) throw new Error("reload");
            script.remove();  // this script keeps running; the copy must not
            const y = window.scrollY;
            document.body.replaceWith(document.adoptNode(next.body));
            window.scrollTo(0, y);
            version = script.dataset.version;
          }
          async function poll() {
            let seen = "";
            for (;;) {
              let state;
              try {
                const response = await fetch("\(statePath)?seen=" + encodeURIComponent(seen), {cache: "no-store"});
                state = await response.json();
              } catch (e) {
                await new Promise(resolve => setTimeout(resolve, 250));  // restarting: try again
                continue;
              }
              if (state.version && state.version !== version) {
                try {
                  await update();
                } catch (e) {
                  sessionStorage.setItem(key, String(window.scrollY));
                  location.reload();
                  return;
                }
              }
              show(state);
              seen = state.token;
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
