//! Where a title's lines break: between words only, in as few lines as fit the width, and
//! balanced, so the longest line is as short as it can be and no line is left with one
//! short word.

/// The balanced breaks for words of widths `words` separated by spaces of width `space`, in
/// lines at most `width` wide: the index of the first word of each line after the first.
/// `None` when a word alone is wider than `width` or more than `max_lines` lines are needed.
pub(crate) fn balanced(
    words: &[f32],
    space: f32,
    width: f32,
    max_lines: usize,
) -> Option<Vec<usize>> {
    if words.iter().any(|&w| w > width) {
        return None;
    }
    let lines = greedy_count(words, space, width);
    if lines > max_lines {
        return None;
    }
    let n = words.len();
    let line_width = |i: usize, j: usize| -> f32 {
        words[i..j].iter().sum::<f32>() + space * (j - i).saturating_sub(1) as f32
    };
    // best[k][j]: the smallest widest line setting words[..j] in k lines, and where the
    // last of those lines starts.
    let mut best = vec![vec![(f32::INFINITY, 0usize); n + 1]; lines + 1];
    best[0][0] = (0.0, 0);
    for k in 1..=lines {
        for j in 1..=n {
            for i in (k - 1)..j {
                let (before, _) = best[k - 1][i];
                let this = line_width(i, j);
                if this > width || before.is_infinite() {
                    continue;
                }
                let widest = before.max(this);
                if widest < best[k][j].0 {
                    best[k][j] = (widest, i);
                }
            }
        }
    }
    let mut starts = Vec::with_capacity(lines);
    let mut j = n;
    for k in (1..=lines).rev() {
        let (_, i) = best[k][j];
        if k > 1 {
            starts.push(i);
        }
        j = i;
    }
    starts.reverse();
    Some(starts)
}

/// How many lines filling each as full as it goes takes: the fewest possible.
fn greedy_count(words: &[f32], space: f32, width: f32) -> usize {
    greedy(words, space, width).len() + 1
}

/// The breaks that fill each line as full as it goes: the index of the first word of each
/// line after the first. A word wider than `width` has a line of its own.
pub(crate) fn greedy(words: &[f32], space: f32, width: f32) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut used: Option<f32> = None;
    for (i, &w) in words.iter().enumerate() {
        used = match used {
            Some(u) if u + space + w <= width => Some(u + space + w),
            Some(_) => {
                starts.push(i);
                Some(w)
            }
            None => Some(w),
        };
    }
    starts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_on_one_line_without_breaks() {
        assert_eq!(balanced(&[10.0, 10.0], 1.0, 100.0, 3), Some(vec![]));
    }

    #[test]
    fn balances_instead_of_filling_greedily() {
        // Greedy: [30 30 30] [10] — balanced: [30 30] [30 10].
        let words = [30.0, 30.0, 30.0, 10.0];
        assert_eq!(greedy_count(&words, 0.0, 90.0), 2);
        assert_eq!(balanced(&words, 0.0, 90.0, 4), Some(vec![2]));
    }

    #[test]
    fn refuses_what_cannot_fit() {
        assert_eq!(balanced(&[120.0], 1.0, 100.0, 3), None);
        assert_eq!(balanced(&[60.0, 60.0, 60.0], 1.0, 100.0, 2), None);
    }
}
