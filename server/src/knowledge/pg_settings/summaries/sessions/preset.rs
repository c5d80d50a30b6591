//! The preset, read-only parameters: facts about how PostgreSQL was built, how the cluster
//! was initialized, and what the running server found. They can be shown, never set.

/// Our explanation of a read-only parameter, by its lower-case name.
pub(super) fn summary(lower: &str) -> Option<&'static str> {
    let text = match lower {
        "block_size" => {
            "The size of a data page, chosen when PostgreSQL was compiled; settings measured in \
             pages count in this unit."
        }
        "wal_block_size" => "The size of a WAL page, chosen when PostgreSQL was compiled.",
        "segment_size" => {
            "The size at which the server starts a new file for a table or index on disk, \
             chosen when PostgreSQL was compiled."
        }
        "wal_segment_size" => {
            "The size of each WAL file, chosen by initdb (`--wal-segsize`). min_wal_size and \
             max_wal_size must be at least two segments."
        }
        "data_checksums" => {
            "Whether data pages carry checksums, which reveal corruption when a page is read. \
             They are chosen at initdb; pg_checksums can turn them on in a stopped cluster."
        }
        "data_directory_mode" => {
            "The permissions of the data directory: 0700, or 0750 when initdb ran with group \
             access (`-g`) so that members of the group can read it, for instance for backups."
        }
        "debug_assertions" => {
            "Whether the server was built with assertion checks, which makes it much slower; \
             such builds are for development only."
        }
        "huge_pages_status" => {
            "Whether the server actually got huge pages for its shared memory, which tells \
             whether `huge_pages = try` succeeded."
        }
        "in_hot_standby" => {
            "Whether the server is a standby currently accepting read-only queries. It is sent \
             to clients, which use it to tell a standby from the primary."
        }
        "integer_datetimes" => {
            "Whether date and time values are stored as 64-bit integers; always on in supported \
             releases."
        }
        "lc_collate" => {
            "The database's collation, which orders and compares text, fixed when the database \
             was created. Text indexes follow it, so an operating-system upgrade that changes \
             collation rules (such as glibc 2.28) can leave them corrupt until reindexed."
        }
        "lc_ctype" => {
            "The database's character classification (upper and lower case, what counts as a \
             letter), fixed when the database was created."
        }
        "max_function_args" => {
            "The most arguments a function may take, fixed when PostgreSQL was compiled."
        }
        "max_identifier_length" => {
            "The longest name, in bytes; longer names are cut to this length with only a \
             notice, so two long names can end up the same."
        }
        "max_index_keys" => {
            "The most columns one index may have, key and INCLUDE columns together, fixed when \
             PostgreSQL was compiled."
        }
        "num_os_semaphores" => {
            "How many semaphores the server needs with its current settings; compare it with \
             the kernel's limits before raising max_connections. `postgres -C` shows it \
             without starting the server."
        }
        "server_encoding" => {
            "The character encoding of the current database, fixed when it was created; \
             `UTF8` is the usual choice."
        }
        "server_version" => "The server's version as text, sent to clients when they connect.",
        "server_version_num" => {
            "The server's version as one number (for example 150004 for 15.4), easy to compare \
             in scripts."
        }
        "shared_memory_size" => {
            "How much main shared memory the server allocates with its current settings; \
             `postgres -C shared_memory_size` shows it without starting the server."
        }
        "shared_memory_size_in_huge_pages" => {
            "How many huge pages the main shared memory needs, the number to reserve with \
             vm.nr_hugepages; `postgres -C` shows it without starting the server, and -1 means \
             it is not known."
        }
        "ssl_library" => {
            "The TLS library the server was built with, empty when it was built without TLS."
        }
        _ => return None,
    };
    Some(text)
}
