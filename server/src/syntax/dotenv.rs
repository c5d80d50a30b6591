//! Parser for dotenv files.
