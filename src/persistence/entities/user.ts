import { EntitySchema } from 'typeorm';

export interface UserRow {
  id: string;
  username: string;
  passwordHash: string;
  roles: string;
  displayName: string | null;
  disabled: boolean;
  /** Bumped on disable or password change: tokens carry it, so older tokens stop working. */
  tokenGeneration: number;
  createdAt: Date;
  version: number;
}

export const UserEntity = new EntitySchema<UserRow>({
  name: 'User',
  tableName: 'app_user',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    username: { type: 'varchar', length: 100, unique: true },
    passwordHash: { type: 'varchar', length: 200, name: 'password_hash' },
    roles: { type: 'varchar', length: 200 },
    displayName: { type: 'varchar', length: 200, name: 'display_name', nullable: true },
    disabled: { type: 'boolean', default: false },
    tokenGeneration: { type: 'int', name: 'token_generation', default: 0 },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
    version: { type: 'int' },
  },
});

/** Small key/value settings the system generates for itself (e.g. the token signing secret). */
export interface SettingRow {
  key: string;
  value: string;
}

export const SettingEntity = new EntitySchema<SettingRow>({
  name: 'Setting',
  tableName: 'app_setting',
  columns: {
    key: { type: 'varchar', length: 100, primary: true, name: 'setting_key' },
    value: { type: 'text' },
  },
});
