//! The seed's emphases, measured: of a year's awards, the shares that went to
//! non-managerial staff, to women, to first-time awardees and to those who
//! rose from a weak rating the year before (docs/reports.md). The plan asks
//! that commendation reach the people who work directly, not only managers.

use super::charts::escape;

/// Counts of awards, and of those that went where the plan points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub awards: u64,
    /// Awards to persons.
    pub individual: u64,
    /// Of those to persons: not holding a managerial post; women.
    pub non_manager: u64,
    pub women: u64,
    /// The recipient (person or unit) had no award in an earlier year.
    pub first_time: u64,
    /// The recipient was rated "hoàn thành nhiệm vụ" or below the year before.
    pub risen: u64,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.awards += o.awards;
        self.individual += o.individual;
        self.non_manager += o.non_manager;
        self.women += o.women;
        self.first_time += o.first_time;
        self.risen += o.risen;
    }
}

/// A year's figures: counts and shares (percent, one decimal) of its awards.
#[derive(Debug, Clone, PartialEq)]
pub struct YearShares {
    pub year: i32,
    pub awards: u64,
    pub individual: u64,
    /// Of individual awards.
    pub non_manager: f64,
    pub women: f64,
    /// Of all awards (people and collectives).
    pub first_time: f64,
    pub risen: f64,
}

fn share(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        (part as f64 * 1000.0 / whole as f64).round() / 10.0
    }
}

impl YearShares {
    pub fn of(year: i32, c: Counts) -> YearShares {
        YearShares {
            year,
            awards: c.awards,
            individual: c.individual,
            non_manager: share(c.non_manager, c.individual),
            women: share(c.women, c.individual),
            first_time: share(c.first_time, c.awards),
            risen: share(c.risen, c.awards),
        }
    }
}

/// The figures of each year in `years`, in that order, from counts by year
/// (a year without awards shows zeros).
pub fn shares(counts: &[(i32, Counts)], years: impl IntoIterator<Item = i32>) -> Vec<YearShares> {
    years
        .into_iter()
        .map(|y| {
            let mut c = Counts::default();
            for (_, x) in counts.iter().filter(|(year, _)| *year == y) {
                c += *x;
            }
            YearShares::of(y, c)
        })
        .collect()
}

/// A line of the chart: its label, its colour, the share it draws.
type Series = (&'static str, &'static str, fn(&YearShares) -> f64);

/// The shares over the years as a small line chart (SVG, no script): one line
/// per share, the years along the bottom, 0–100 % up the side. `title` names
/// it for screen readers.
pub fn trend_svg(rows: &[YearShares], title: &str) -> String {
    const W: f64 = 560.0;
    const H: f64 = 220.0;
    const LEFT: f64 = 40.0;
    const BOTTOM: f64 = 30.0;
    const TOP: f64 = 10.0;
    let plot_w = W - LEFT - 150.0;
    let plot_h = H - BOTTOM - TOP;
    let x = |i: usize| {
        if rows.len() <= 1 {
            LEFT + plot_w / 2.0
        } else {
            LEFT + plot_w * i as f64 / (rows.len() - 1) as f64
        }
    };
    let y = |p: f64| TOP + plot_h * (1.0 - p.clamp(0.0, 100.0) / 100.0);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\" class=\"chart\">",
        escape(title)
    );
    for p in [0.0, 25.0, 50.0, 75.0, 100.0] {
        s.push_str(&format!(
            "<line x1=\"{LEFT}\" x2=\"{}\" y1=\"{y0:.1}\" y2=\"{y0:.1}\" stroke=\"#ddd\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\">{p} %</text>",
            LEFT + plot_w,
            LEFT - 4.0,
            y(p) + 3.0,
            y0 = y(p)
        ));
    }
    for (i, r) in rows.iter().enumerate() {
        s.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>",
            x(i),
            H - 10.0,
            r.year
        ));
    }
    let series: [Series; 4] = [
        ("Không giữ chức vụ quản lý", "#1f6feb", |r| {
            r.non_manager
        }),
        ("Nữ", "#d6336c", |r| r.women),
        ("Lần đầu được khen", "#2f9e44", |r| r.first_time),
        ("Vươn lên từ xếp loại thấp", "#e8590c", |r| {
            r.risen
        }),
    ];
    for (k, (label, color, value)) in series.iter().enumerate() {
        let points: Vec<String> = rows
            .iter()
            .enumerate()
            .map(|(i, r)| format!("{:.1},{:.1}", x(i), y(value(r))))
            .collect();
        s.push_str(&format!(
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\" points=\"{}\"/>",
            points.join(" ")
        ));
        for p in &points {
            let (px, py) = p.split_once(',').unwrap_or(("0", "0"));
            s.push_str(&format!(
                "<circle cx=\"{px}\" cy=\"{py}\" r=\"3\" fill=\"{color}\"/>"
            ));
        }
        let ly = TOP + 14.0 + 18.0 * k as f64;
        s.push_str(&format!(
            "<rect x=\"{}\" y=\"{:.1}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            LEFT + plot_w + 12.0,
            ly - 9.0,
            LEFT + plot_w + 26.0,
            ly,
            escape(label)
        ));
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(
        awards: u64,
        individual: u64,
        non_manager: u64,
        women: u64,
        first_time: u64,
        risen: u64,
    ) -> Counts {
        Counts {
            awards,
            individual,
            non_manager,
            women,
            first_time,
            risen,
        }
    }

    #[test]
    fn shares_by_year() {
        // 2024 from two units' counts: 4 awards, 3 to persons (2 non-managers, 2 women).
        let counts = [
            (2024, c(3, 3, 2, 2, 1, 1)),
            (2024, c(1, 0, 0, 0, 1, 0)),
            (2025, c(1, 1, 1, 0, 1, 0)),
        ];
        let r = shares(&counts, 2023..=2025);
        assert_eq!(r[0].awards, 0);
        assert_eq!(r[0].non_manager, 0.0);
        assert_eq!((r[1].awards, r[1].individual), (4, 3));
        assert_eq!(r[1].non_manager, 66.7);
        assert_eq!(r[1].women, 66.7);
        assert_eq!(r[1].first_time, 50.0);
        assert_eq!(r[1].risen, 25.0);
        assert_eq!(r[2].non_manager, 100.0);
    }

    #[test]
    fn the_chart_is_plain_svg_with_its_labels() {
        let r = shares(&[(2025, c(1, 1, 1, 1, 1, 0))], 2024..=2025);
        let svg = trend_svg(&r, "Tỷ lệ <khen thưởng>");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.contains("aria-label=\"Tỷ lệ &lt;khen thưởng&gt;\""));
        assert!(svg.contains("Lần đầu được khen") && svg.contains(">2025<"));
        assert!(!svg.contains("<script"));
    }
}
