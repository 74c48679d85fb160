//! Console tests: whole-app flows fed with events, and snapshots of every view at 80×24.
