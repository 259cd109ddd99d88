import { Timestamp, Type, Uuid, type Static } from '@kits/plugin-sdk';

/** A note as the API returns it; shared by the server and the till. */
export const Note = Type.Object({
  id: Uuid,
  body: Type.String(),
  createdAt: Timestamp,
});
export type Note = Static<typeof Note>;

export const NewNote = Type.Object({ body: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });
export type NewNote = Static<typeof NewNote>;
