import type { DatabaseSync } from 'node:sqlite';
import { SORT_KEY_SLOTS, sortKeyFor } from './sort-key';

/**
 * A full-text index (FTS5) over `column` of `table`, reading its text from the table itself by `seq`
 * (external content). Released steps below are written with these: change them and those steps
 * change too, which the migration test's pinned digests refuse. A new shape is a new helper.
 */
const ftsTable = (table: string, column: string) => `CREATE VIRTUAL TABLE ${table}_fts USING fts5(
    ${column},
    content = '${table}',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
  );`;

/** The triggers that keep that index in step with the table's inserts, deletes and edits of `column`. */
const ftsTriggers = (table: string, column: string) => `CREATE TRIGGER ${table}_fts_after_insert AFTER INSERT ON ${table} BEGIN
    INSERT INTO ${table}_fts (rowid, ${column}) VALUES (new.seq, new.${column});
  END;
  CREATE TRIGGER ${table}_fts_after_delete AFTER DELETE ON ${table} BEGIN
    INSERT INTO ${table}_fts (${table}_fts, rowid, ${column}) VALUES ('delete', old.seq, old.${column});
  END;
  CREATE TRIGGER ${table}_fts_after_update AFTER UPDATE OF ${column} ON ${table} BEGIN
    INSERT INTO ${table}_fts (${table}_fts, rowid, ${column}) VALUES ('delete', old.seq, old.${column});
    INSERT INTO ${table}_fts (rowid, ${column}) VALUES (new.seq, new.${column});
  END;`;

/**
 * A full-text index (FTS5) over several `columns` of `table`, read from the table by `seq`
 * (external content), with the triggers that keep it in step with inserts, deletes and edits of
 * those columns. Released steps are written with this; the same rule as above holds.
 */
const ftsOverColumns = (table: string, columns: readonly string[]) => {
  const names = columns.join(', ');
  const values = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
  return `CREATE VIRTUAL TABLE ${table}_fts USING fts5(
    ${names},
    content = '${table}',
    content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO ${table}_fts (${table}_fts) VALUES ('rebuild');
  CREATE TRIGGER ${table}_fts_after_insert AFTER INSERT ON ${table} BEGIN
    INSERT INTO ${table}_fts (rowid, ${names}) VALUES (new.seq, ${values('new')});
  END;
  CREATE TRIGGER ${table}_fts_after_delete AFTER DELETE ON ${table} BEGIN
    INSERT INTO ${table}_fts (${table}_fts, rowid, ${names}) VALUES ('delete', old.seq, ${values('old')});
  END;
  CREATE TRIGGER ${table}_fts_after_update AFTER UPDATE OF ${names} ON ${table} BEGIN
    INSERT INTO ${table}_fts (${table}_fts, rowid, ${names}) VALUES ('delete', old.seq, ${values('old')});
    INSERT INTO ${table}_fts (rowid, ${names}) VALUES (new.seq, ${values('new')});
  END;`;
};

/**
 * The search index over `columns` of generations with rowid = sort_key (step 7), and the triggers
 * that keep both right. A new row gets its sort_key from its created_at (sortKeyFor), and an edit of
 * created_at moves it. One trigger re-indexes a row whatever changed among its key, its date and its
 * text: two triggers firing for one UPDATE would each delete the old entry, in an order SQLite does
 * not promise, and deleting an entry twice (or with other text than it was indexed with) from an
 * external-content index corrupts it. The move's own UPDATE does not fire this trigger again
 * (recursive_triggers is off, SQLite's default), so the entry is written last, with the key the row
 * then has.
 */
const ftsBySortKey = (columns: readonly string[]) => {
  const names = columns.join(', ');
  const values = (row: 'new' | 'old') => columns.map((column) => `${row}.${column}`).join(', ');
  return `CREATE VIRTUAL TABLE generations_fts USING fts5(
    ${names},
    content = 'generations',
    content_rowid = 'sort_key',
    tokenize = 'unicode61 remove_diacritics 2'
  );
  INSERT INTO generations_fts (generations_fts) VALUES ('rebuild');
  CREATE TRIGGER generations_sort_key_after_insert AFTER INSERT ON generations WHEN new.sort_key IS NULL BEGIN
    UPDATE generations SET sort_key = ${sortKeyFor('new.created_at')} WHERE seq = new.seq;
  END;
  CREATE TRIGGER generations_fts_after_insert AFTER INSERT ON generations WHEN new.sort_key IS NOT NULL BEGIN
    INSERT INTO generations_fts (rowid, ${names}) VALUES (new.sort_key, ${values('new')});
  END;
  CREATE TRIGGER generations_fts_after_delete AFTER DELETE ON generations WHEN old.sort_key IS NOT NULL BEGIN
    INSERT INTO generations_fts (generations_fts, rowid, ${names}) VALUES ('delete', old.sort_key, ${values('old')});
  END;
  CREATE TRIGGER generations_fts_after_update AFTER UPDATE OF sort_key, created_at, ${names} ON generations BEGIN
    INSERT INTO generations_fts (generations_fts, rowid, ${names}) SELECT 'delete', old.sort_key, ${values('old')} WHERE old.sort_key IS NOT NULL;
    UPDATE generations SET sort_key = ${sortKeyFor('new.created_at')} WHERE seq = new.seq AND new.created_at <> old.created_at;
    INSERT INTO generations_fts (rowid, ${names}) SELECT sort_key, ${values('new')} FROM generations WHERE seq = new.seq AND sort_key IS NOT NULL;
  END;`;
};

/** The names of the tags of the generation whose seq is `seq`, space-separated ('' when none). */
const tagTextOf = (seq: string) =>
  `(SELECT coalesce(group_concat(t.name, ' '), '') FROM item_tags it JOIN tags t ON t.id = it.tag_id WHERE it.item_seq = ${seq})`;

/**
 * Schema changes, in order. Index + 1 is the `PRAGMA user_version` a database has once that step is
 * applied. Append only: a released step is never edited, because databases in the wild already ran it
 * (tests/unit/library-schema.test.ts pins the text of each, and builds an older release's database from them).
 */
export const MIGRATIONS: readonly string[] = [
  // 1: generations, newest-first paging, prompt search.
  `
  CREATE TABLE generations (
    -- An INTEGER PRIMARY KEY is the rowid itself, so it stays put through VACUUM; the FTS index
    -- below refers to rows by rowid, and an implicit rowid may be renumbered.
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    prompt       TEXT    NOT NULL,
    aspect_ratio TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    width        INTEGER NOT NULL,
    height       INTEGER NOT NULL,
    request_id   TEXT,
    credits      REAL,
    created_at   INTEGER NOT NULL,
    file_hash    TEXT    NOT NULL,
    byte_size    INTEGER NOT NULL,
    mime_type    TEXT    NOT NULL,
    source_url   TEXT
  ) STRICT;

  CREATE INDEX generations_newest_first ON generations (created_at DESC, id DESC);
  -- Startup reconciliation asks "is this file indexed?" once per sidecar.
  CREATE INDEX generations_file_hash ON generations (file_hash);

  ${ftsTable('generations', 'prompt')}

  ${ftsTriggers('generations', 'prompt')}
  `,

  // 2: the generation queue, the spend ledger, prompt history, saved prompts, the composer draft.
  `
  CREATE TABLE jobs (
    seq                   INTEGER PRIMARY KEY, -- queue order: jobs are started oldest first
    id                    TEXT    NOT NULL UNIQUE,
    batch_id              TEXT    NOT NULL,
    params                TEXT    NOT NULL,    -- GenerationParams as JSON: the exact request, for retry
    state                 TEXT    NOT NULL,
    created_at            INTEGER NOT NULL,
    started_at            INTEGER,
    finished_at           INTEGER,
    attempts              INTEGER NOT NULL DEFAULT 0,
    retry_at              INTEGER,
    error                 TEXT,                -- AppError as JSON, key already redacted
    item_id               TEXT,
    request_id            TEXT,
    credits               REAL,
    source_url            TEXT,                -- kept so a paid image whose download failed can be fetched again
    may_have_been_charged INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  CREATE INDEX jobs_batch ON jobs (batch_id);
  CREATE INDEX jobs_state ON jobs (state);

  -- Every charge the API reported, whether or not its image arrived: cost and budget read this.
  CREATE TABLE spend (
    seq        INTEGER PRIMARY KEY,
    job_id     TEXT,
    request_id TEXT,
    credits    REAL    NOT NULL,
    at         INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX spend_at ON spend (at);

  CREATE TABLE prompt_history (
    seq          INTEGER PRIMARY KEY,
    text         TEXT    NOT NULL UNIQUE,
    last_used_at INTEGER NOT NULL,
    use_count    INTEGER NOT NULL DEFAULT 1
  ) STRICT;
  CREATE INDEX prompt_history_recent ON prompt_history (last_used_at DESC);
  ${ftsTable('prompt_history', 'text')}
  ${ftsTriggers('prompt_history', 'text')}

  CREATE TABLE templates (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    text       TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  ) STRICT;

  -- Small pieces of UI state main keeps for the renderer (the composer draft), as JSON.
  CREATE TABLE app_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;
  `,

  // 3: every generation is listed, with or without an image (refused, download failed); favorites,
  // tags, collections, trash, imports, and rows whose file has gone missing. SQLite cannot drop
  // NOT NULL in place, so the table is rebuilt; seq values are kept, so the FTS rowids stay valid.
  `
  DROP TRIGGER generations_fts_after_insert;
  DROP TRIGGER generations_fts_after_delete;
  DROP TRIGGER generations_fts_after_update;
  DROP TABLE generations_fts;

  CREATE TABLE generations_v3 (
    seq          INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    prompt       TEXT    NOT NULL,
    aspect_ratio TEXT    NOT NULL,
    model        TEXT    NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'ok',        -- ok | refused | download-failed
    origin       TEXT    NOT NULL DEFAULT 'generated', -- generated | imported
    width        INTEGER,
    height       INTEGER,
    request_id   TEXT,
    credits      REAL,
    created_at   INTEGER NOT NULL,
    file_hash    TEXT,
    byte_size    INTEGER,
    mime_type    TEXT,
    source_url   TEXT,
    favorite     INTEGER NOT NULL DEFAULT 0,
    trashed_at   INTEGER,
    file_missing INTEGER NOT NULL DEFAULT 0
  ) STRICT;
  INSERT INTO generations_v3 (seq, id, prompt, aspect_ratio, model, width, height, request_id, credits, created_at, file_hash, byte_size, mime_type, source_url)
    SELECT seq, id, prompt, aspect_ratio, model, width, height, request_id, credits, created_at, file_hash, byte_size, mime_type, source_url FROM generations;
  DROP TABLE generations;
  ALTER TABLE generations_v3 RENAME TO generations;

  -- Browsing: newest/oldest first among what is not in the trash, and the trash by time of deletion.
  CREATE INDEX generations_newest_first ON generations (created_at DESC, id DESC) WHERE trashed_at IS NULL;
  CREATE INDEX generations_trash ON generations (trashed_at DESC, id DESC) WHERE trashed_at IS NOT NULL;
  CREATE INDEX generations_file_hash ON generations (file_hash) WHERE file_hash IS NOT NULL;
  CREATE INDEX generations_favorites ON generations (created_at DESC, id DESC) WHERE favorite = 1 AND trashed_at IS NULL;

  ${ftsTable('generations', 'prompt')}
  INSERT INTO generations_fts (generations_fts) VALUES ('rebuild');
  ${ftsTriggers('generations', 'prompt')}

  CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE
  ) STRICT;
  CREATE TABLE item_tags (
    tag_id   INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    item_seq INTEGER NOT NULL REFERENCES generations (seq) ON DELETE CASCADE,
    PRIMARY KEY (tag_id, item_seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX item_tags_item ON item_tags (item_seq);

  CREATE TABLE collections (
    id         TEXT    PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
  ) STRICT;
  CREATE TABLE collection_items (
    collection_id TEXT    NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
    item_seq      INTEGER NOT NULL REFERENCES generations (seq) ON DELETE CASCADE,
    added_at      INTEGER NOT NULL,
    PRIMARY KEY (collection_id, item_seq)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX collection_items_item ON collection_items (item_seq);
  `,

  // 4: a display title (an imported picture's file name) and a ThumbHash placeholder per item; the
  // search reads the prompt, the title and the tags. Tags live in their own tables, which an FTS5
  // index cannot read, so each row keeps its tag names in tag_text, maintained by triggers on
  // item_tags and tags: every way tags change (organize, undo, rename, merge, rebuild) keeps it right.
  // import_checked: an import from before titles whose file was read and found to carry its own
  // prompt (one whose prompt is only its file name gets that as its title instead; startup does it).
  `
  DROP TRIGGER generations_fts_after_insert;
  DROP TRIGGER generations_fts_after_delete;
  DROP TRIGGER generations_fts_after_update;
  DROP TABLE generations_fts;

  ALTER TABLE generations ADD COLUMN title TEXT;
  ALTER TABLE generations ADD COLUMN placeholder TEXT;
  ALTER TABLE generations ADD COLUMN tag_text TEXT NOT NULL DEFAULT '';
  ALTER TABLE generations ADD COLUMN import_checked INTEGER NOT NULL DEFAULT 0;
  UPDATE generations SET tag_text = ${tagTextOf('generations.seq')} WHERE seq IN (SELECT item_seq FROM item_tags);

  ${ftsOverColumns('generations', ['prompt', 'title', 'tag_text'])}

  -- The sidebar's places: the imported ones page through their own index, and the count of the
  -- ones with a problem reads one. Their WHEREs are written as the queries write them (literals).
  CREATE INDEX generations_imported ON generations (created_at DESC, id DESC) WHERE origin = 'imported' AND trashed_at IS NULL;
  CREATE INDEX generations_problems ON generations (created_at DESC, id DESC) WHERE trashed_at IS NULL AND (status <> 'ok' OR file_missing = 1);
  -- Startup's look at imports from before titles finds them without reading the table.
  CREATE INDEX generations_untitled_imports ON generations (seq) WHERE origin = 'imported' AND title IS NULL AND import_checked = 0;

  CREATE TRIGGER item_tags_text_after_insert AFTER INSERT ON item_tags BEGIN
    UPDATE generations SET tag_text = ${tagTextOf('new.item_seq')} WHERE seq = new.item_seq;
  END;
  CREATE TRIGGER item_tags_text_after_delete AFTER DELETE ON item_tags BEGIN
    UPDATE generations SET tag_text = ${tagTextOf('old.item_seq')} WHERE seq = old.item_seq;
  END;
  CREATE TRIGGER tags_text_after_rename AFTER UPDATE OF name ON tags BEGIN
    UPDATE generations SET tag_text = ${tagTextOf('generations.seq')} WHERE seq IN (SELECT item_seq FROM item_tags WHERE tag_id = new.id);
  END;
  `,

  // 5: lineage. Each item's sources (the items it was made from: one for an edit, 1-4 for a remix),
  // in the order they were sent. source_id is a plain id, not a reference: a source deleted for good
  // stays named, so the item still says what it came from. The index on source_id answers "what was
  // made from this one" (versions) and lets the family walk go both ways. The request's
  // X-Client-Request-Id and the answer's x-inference-id, for support and the account's ledger.
  `
  CREATE TABLE item_sources (
    item_id   TEXT    NOT NULL REFERENCES generations (id) ON DELETE CASCADE,
    source_id TEXT    NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (item_id, position)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX item_sources_source ON item_sources (source_id);

  ALTER TABLE generations ADD COLUMN client_request_id TEXT;
  ALTER TABLE generations ADD COLUMN inference_id TEXT;
  `,

  // 6: each job keeps the answer's x-inference-id (the account ledger's reference_id), so the queue's
  // details show it after a restart too. Its X-Client-Request-Id is the job's own id.
  `
  ALTER TABLE jobs ADD COLUMN inference_id TEXT;
  `,

  // 7: the grid's order as one integer per row, sort_key (sort-key.ts says how it is made), and the
  // search index keyed by it. FTS5 hands back matches in rowid order and stops at a LIMIT, so with
  // rowid = sort_key the first page of a search is the first matches the index yields, instead of
  // every match sorted by created_at. Existing rows keep today's order: by created_at, equal ones by id.
  // The browsing indexes move from (created_at, id) to sort_key under their old names and WHEREs.
  `
  ALTER TABLE generations ADD COLUMN sort_key INTEGER;
  UPDATE generations SET sort_key = ranked.sort_key FROM (
    SELECT seq, rank + max(created_at * ${SORT_KEY_SLOTS} - rank) OVER (ORDER BY rank) AS sort_key
    FROM (SELECT seq, created_at, row_number() OVER (ORDER BY created_at, id) AS rank FROM generations)
  ) AS ranked WHERE ranked.seq = generations.seq;
  CREATE UNIQUE INDEX generations_sort_key ON generations (sort_key);

  DROP INDEX generations_newest_first;
  DROP INDEX generations_favorites;
  DROP INDEX generations_imported;
  DROP INDEX generations_problems;
  CREATE INDEX generations_newest_first ON generations (sort_key) WHERE trashed_at IS NULL;
  CREATE INDEX generations_favorites ON generations (sort_key) WHERE favorite = 1 AND trashed_at IS NULL;
  CREATE INDEX generations_imported ON generations (sort_key) WHERE origin = 'imported' AND trashed_at IS NULL;
  CREATE INDEX generations_problems ON generations (sort_key) WHERE trashed_at IS NULL AND (status <> 'ok' OR file_missing = 1);

  DROP TRIGGER generations_fts_after_insert;
  DROP TRIGGER generations_fts_after_delete;
  DROP TRIGGER generations_fts_after_update;
  DROP TABLE generations_fts;
  ${ftsBySortKey(['prompt', 'title', 'tag_text'])}
  `,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

/** The database was written by a newer build; opening it here could corrupt what that build relies on. */
export class LibrarySchemaTooNewError extends Error {
  constructor(
    readonly foundVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `The library database was created by a newer version of Reverie (schema ${foundVersion}; ` +
        `this version understands up to ${knownVersion}). Update Reverie to open it.`,
    );
    this.name = 'LibrarySchemaTooNewError';
  }
}

export function readSchemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  return Number(row?.user_version ?? 0);
}

/** Throws LibrarySchemaTooNewError, having written nothing, when the database is from the future. */
export function assertSchemaNotNewer(db: DatabaseSync): void {
  const found = readSchemaVersion(db);
  if (found > LATEST_SCHEMA_VERSION) throw new LibrarySchemaTooNewError(found, LATEST_SCHEMA_VERSION);
}

/**
 * Brings the schema up to date, one transaction per step so a crash mid-way leaves the database at
 * a known version. Returns how many steps ran.
 */
export function migrate(db: DatabaseSync): number {
  let applied = 0;
  for (;;) {
    // IMMEDIATE takes the write lock first, so the version read inside cannot go stale.
    db.exec('BEGIN IMMEDIATE');
    try {
      const version = readSchemaVersion(db);
      if (version > LATEST_SCHEMA_VERSION) throw new LibrarySchemaTooNewError(version, LATEST_SCHEMA_VERSION);
      const step = MIGRATIONS[version];
      if (step === undefined) {
        db.exec('COMMIT');
        return applied;
      }
      db.exec(step);
      // PRAGMA takes no bound parameters; the value is our own integer.
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
      applied += 1;
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
}
