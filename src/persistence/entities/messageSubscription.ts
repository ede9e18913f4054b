import { EntitySchema } from 'typeorm';

/** An instance waiting for a message (a BPMN message catch event or receive task). */
export interface MessageSubscriptionRow {
  id: string;
  instanceId: string;
  executionId: string;
  elementId: string;
  messageName: string;
  correlationKey: string | null;
  createdAt: Date;
}

export const MessageSubscriptionEntity = new EntitySchema<MessageSubscriptionRow>({
  name: 'MessageSubscription',
  tableName: 'message_subscription',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    instanceId: { type: 'varchar', length: 36, name: 'instance_id' },
    executionId: { type: 'varchar', length: 200, name: 'execution_id' },
    elementId: { type: 'varchar', length: 100, name: 'element_id' },
    messageName: { type: 'varchar', length: 100, name: 'message_name' },
    correlationKey: { type: 'varchar', length: 100, name: 'correlation_key', nullable: true },
    createdAt: { type: 'datetime', name: 'created_at', precision: 3 },
  },
  indices: [
    { name: 'ix_subscription_instance', columns: ['instanceId'] },
    { name: 'ix_subscription_message', columns: ['messageName', 'correlationKey'] },
  ],
});
