//! Stacked bar charts for the leadership's home page, drawn as plain SVG
//! (no script): awards by year and title, registrations by deadline status.
//! Every bar carries its total above it and every segment its count in a
//! <title>, so the numbers are there for screen readers and for the eye.

/// One bar: its label and a count for each series (in the series' order).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub values: Vec<u64>,
    /// What each segment holds, for its tooltip (the units behind a count);
    /// empty or shorter than `values` where there is nothing to add.
    pub notes: Vec<String>,
}

pub const PALETTE: [&str; 6] = [
    "#1f6feb", "#2f9e44", "#e8590c", "#d6336c", "#7048e8", "#868e96",
];

/// Bars stacked from the bottom, a legend on the right.
/// `series`: each one's legend and colour.
pub fn stacked_bars_svg(title: &str, bars: &[Bar], series: &[(&str, &str)]) -> String {
    const W: f64 = 560.0;
    const H: f64 = 230.0;
    const LEFT: f64 = 36.0;
    const BOTTOM: f64 = 34.0;
    const TOP: f64 = 16.0;
    const LEGEND: f64 = 190.0;
    let plot_w = W - LEFT - LEGEND;
    let plot_h = H - BOTTOM - TOP;
    let max = bars
        .iter()
        .map(|b| b.values.iter().sum::<u64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let step = nice_step(max);
    let top_value = max.div_ceil(step) * step;
    let y = |v: u64| TOP + plot_h * (1.0 - v as f64 / top_value as f64);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        escape(title)
    );
    let mut v = 0;
    while v <= top_value {
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y0:.1}\" y2=\"{y0:.1}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{v}</text>",
            LEFT + plot_w,
            LEFT - 4.0,
            y(v) + 3.0,
            y0 = y(v)
        ));
        v += step;
    }
    let slot = plot_w / bars.len().max(1) as f64;
    let width = (slot * 0.6).min(48.0);
    for (i, b) in bars.iter().enumerate() {
        let x = LEFT + slot * i as f64 + (slot - width) / 2.0;
        let mut base = 0u64;
        for (k, value) in b.values.iter().enumerate() {
            if *value == 0 {
                continue;
            }
            let (name, color) = series.get(k).copied().unwrap_or(("", "#999"));
            let (y1, y0) = (y(base + value), y(base));
            let note = b
                .notes
                .get(k)
                .filter(|n| !n.is_empty())
                .map(|n| format!(" ({})", escape(&clip(n, 300))))
                .unwrap_or_default();
            s.push_str(&format!(
                "<rect x=\"{x:.1}\" y=\"{y1:.1}\" width=\"{width:.1}\" height=\"{:.1}\" fill=\"{color}\"><title>{}: {} – {value}{note}</title></rect>",
                (y0 - y1).max(0.5),
                escape(&b.label),
                escape(name)
            ));
            base += value;
        }
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"middle\">{base}</text><text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            x + width / 2.0,
            y(base) - 3.0,
            x + width / 2.0,
            H - BOTTOM + 14.0,
            escape(&clip(&b.label, (slot / 5.5) as usize))
        ));
    }
    for (k, (name, color)) in series.iter().enumerate() {
        let ly = TOP + 12.0 + 18.0 * k as f64;
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            LEFT + plot_w + 12.0,
            ly - 9.0,
            LEFT + plot_w + 26.0,
            ly,
            escape(&clip(name, 30))
        ));
    }
    s.push_str("</svg>");
    s
}

/// 1, 2 or 5 times a power of ten, giving four to eight grid lines.
fn nice_step(max: u64) -> u64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if max / (step * m) <= 5 {
                return step * m;
            }
        }
        step *= 10;
    }
}

/// A label clipped to `n` characters (at least 4) for the chart.
fn clip(t: &str, n: usize) -> String {
    crate::text::clip(t, n.max(4) - 1).into_owned()
}

/// Text for SVG: the XML specials escaped.
pub(crate) fn escape(t: &str) -> String {
    t.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_totals_and_segments() {
        let bars = vec![
            Bar {
                label: "2023".into(),
                values: vec![3, 0, 2],
                notes: vec![String::new(), String::new(), "Phòng A, Phòng B".into()],
            },
            Bar {
                label: "2024".into(),
                values: vec![10, 4, 0],
                notes: vec![],
            },
        ];
        let svg = stacked_bars_svg(
            "Khen thưởng <theo năm>",
            &bars,
            &[("LĐTT", "#111"), ("CSTĐCS", "#222"), ("Giấy khen", "#333")],
        );
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-label=\"Khen thưởng &lt;theo năm&gt;\""));
        assert!(svg.contains("<title>2023: Giấy khen – 2 (Phòng A, Phòng B)</title>"));
        assert!(svg.contains(">14</text>"), "the 2024 total");
        // Zero segments are not drawn: 4 segments, 3 legend boxes.
        assert_eq!(svg.matches("<rect").count(), 4 + 3);
    }

    #[test]
    fn grid_steps_are_round() {
        assert_eq!(nice_step(3), 1);
        assert_eq!(nice_step(9), 2);
        assert_eq!(nice_step(14), 5);
        assert_eq!(nice_step(240), 50);
        assert_eq!(nice_step(1_000), 200);
    }

    #[test]
    fn an_empty_chart_is_still_drawn() {
        let svg = stacked_bars_svg("Trống", &[], &[]);
        assert!(svg.contains("</svg>"));
    }
}
