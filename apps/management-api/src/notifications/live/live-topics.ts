/** Topics of the live inbox, one pair per account, shared by every instance through Redis. */
export const addedTopic = (userId: string) => `notifications.added.${userId}`;
export const countTopic = (userId: string) => `notifications.count.${userId}`;
