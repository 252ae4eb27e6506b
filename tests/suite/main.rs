//! warraq's integration tests, in one binary: the harness is compiled and linked once, the
//! tests of every area run in parallel, and the EPUBCheck validators started for the first
//! book serve all the others.

mod browser;
mod fix_util;
mod util;

mod accessibility;
mod anthology;
mod bad_input;
mod build;
mod check;
mod covers;
mod edition;
mod engines;
mod extraction;
mod fix;
mod fix_cases;
mod fix_language;
mod fix_property;
mod fonts;
mod inputs;
mod inputs_hostile;
mod inputs_url;
mod kobo;
mod languages;
mod layout;
mod library;
mod newcomer;
mod property;
mod recoverable;
mod render;
mod serve;
