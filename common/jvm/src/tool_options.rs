//! The options the user already gave the JVM (`JAVA_TOOL_OPTIONS`, then `JAVA_OPTS`), which the
//! helpers read so that a flag the user set is kept and never emitted twice.

/// Options split into words: on whitespace, with quotes grouping words and then removed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ToolOptions {
    words: Vec<String>,
}

impl ToolOptions {
    #[must_use]
    pub fn parse(text: &str) -> Self {
        let mut words = Vec::new();
        let mut word = String::new();
        let mut in_word = false;
        let mut quote = None;
        for c in text.chars() {
            match (quote, c) {
                (Some(open), c) if c == open => quote = None,
                (Some(_), c) => word.push(c),
                (None, '"' | '\'') => {
                    quote = Some(c);
                    in_word = true;
                }
                (None, c) if c.is_whitespace() => {
                    if in_word {
                        words.push(std::mem::take(&mut word));
                        in_word = false;
                    }
                }
                (None, c) => {
                    word.push(c);
                    in_word = true;
                }
            }
        }
        if in_word {
            words.push(word);
        }
        Self { words }
    }

    /// Appends more options, read the same way.
    pub fn extend(&mut self, text: &str) {
        self.words.extend(Self::parse(text).words);
    }

    /// Whether any word starts with `prefix` (e.g. `-XX:ActiveProcessorCount=`).
    #[must_use]
    pub fn has(&self, prefix: &str) -> bool {
        self.words.iter().any(|word| word.starts_with(prefix))
    }

    /// The value after `prefix` in the last word that has it: the JVM obeys the last one.
    #[must_use]
    pub fn last_value(&self, prefix: &str) -> Option<&str> {
        self.words
            .iter()
            .rev()
            .find_map(|word| word.strip_prefix(prefix))
    }

    /// Every value after `prefix`, in order (e.g. each `-javaagent:`).
    pub fn values<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> {
        self.words
            .iter()
            .filter_map(move |word| word.strip_prefix(prefix))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_whitespace_and_groups_quoted_words() {
        let options = ToolOptions::parse("  -Xss512k \"-Dname=a b\"\t-Dq='x' ");
        assert_eq!(options.words, ["-Xss512k", "-Dname=a b", "-Dq=x"]);
        assert_eq!(ToolOptions::parse("").words, Vec::<String>::new());
        assert_eq!(ToolOptions::parse("-Dempty=''").words, ["-Dempty="]);
    }

    #[test]
    fn the_last_value_wins_and_extensions_count() {
        let mut options = ToolOptions::parse("-Xmx1G -javaagent:a.jar");
        options.extend("-Xmx2G -javaagent:b.jar=opt");
        assert_eq!(options.last_value("-Xmx"), Some("2G"));
        assert!(options.has("-javaagent:"));
        assert!(!options.has("-Xss"));
        assert_eq!(
            options.values("-javaagent:").collect::<Vec<_>>(),
            ["a.jar", "b.jar=opt"]
        );
    }
}
