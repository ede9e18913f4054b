// `npm run test:mysql` runs the same suite on MySQL/MariaDB: refuse to run it silently on SQLite.
const url = process.env.DATABASE_URL ?? '';
if (!/^(mysql|mariadb):\/\//.test(url)) {
  console.error('test:mysql needs DATABASE_URL=mysql://user:pass@host:port/db (bash scripts/mariadb-up.sh starts a throwaway MariaDB)');
  process.exit(1);
}
