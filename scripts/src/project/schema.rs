//! The two schemas of `project.toml` as pack v0.38 reads them: 0.1 (or none) keeps build
//! settings under `[build]`, 0.2 under `[io.buildpacks]`; both become one [`Build`].

use serde::Deserialize;

/// The build settings of either schema.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Build {
    pub include: Option<Vec<String>>,
    pub exclude: Option<Vec<String>>,
    pub env: Vec<EnvEntry>,
    pub group: Vec<BuildpackEntry>,
    pub pre: Vec<BuildpackEntry>,
    pub post: Vec<BuildpackEntry>,
    pub builder: Option<String>,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq, Clone)]
#[serde(default)]
pub(crate) struct EnvEntry {
    pub name: String,
    pub value: String,
}

#[derive(Debug, Default, Deserialize, PartialEq, Eq, Clone)]
#[serde(default)]
pub(crate) struct BuildpackEntry {
    pub id: String,
    pub version: String,
    pub uri: String,
    pub script: Script,
}

/// An inline buildpack's script (pack writes it into a buildpack of its own).
#[derive(Debug, Default, Deserialize, PartialEq, Eq, Clone)]
#[serde(default)]
pub(crate) struct Script {
    pub inline: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Group {
    group: Vec<BuildpackEntry>,
}

/// Schema 0.1: `[build]` (pack also reads `[build.pre]`/`[build.post]` here).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct V01 {
    build: V01Build,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct V01Build {
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    env: Vec<EnvEntry>,
    buildpacks: Vec<BuildpackEntry>,
    builder: Option<String>,
    pre: Group,
    post: Group,
}

impl From<V01> for Build {
    fn from(v01: V01) -> Self {
        let build = v01.build;
        Self {
            include: build.include,
            exclude: build.exclude,
            env: build.env,
            group: build.buildpacks,
            pre: build.pre.group,
            post: build.post.group,
            builder: build.builder,
        }
    }
}

/// Schema 0.2: `[io.buildpacks]`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct V02 {
    io: V02Io,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct V02Io {
    buildpacks: V02Buildpacks,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct V02Buildpacks {
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
    group: Vec<BuildpackEntry>,
    build: V02Env,
    /// `[[io.buildpacks.env.build]]`: the key pack read before `build.env`, still honoured.
    env: V02OldEnv,
    builder: Option<String>,
    pre: Group,
    post: Group,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct V02Env {
    env: Option<Vec<EnvEntry>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct V02OldEnv {
    build: Vec<EnvEntry>,
}

impl From<V02> for Build {
    fn from(v02: V02) -> Self {
        let buildpacks = v02.io.buildpacks;
        Self {
            include: buildpacks.include,
            exclude: buildpacks.exclude,
            env: buildpacks.build.env.unwrap_or(buildpacks.env.build),
            group: buildpacks.group,
            pre: buildpacks.pre.group,
            post: buildpacks.post.group,
            builder: buildpacks.builder,
        }
    }
}
