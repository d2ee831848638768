import {
  type AttributeValue,
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { type TableNames, createTableInputs } from '../shared/store/schema';

/**
 * An in-memory stand-in for DynamoDB that understands exactly what the store sends while
 * recording notifications (GetItem, conditional PutItem, UpdateItem with SET/REMOVE/ADD and the
 * two conditions the store uses), so the handler's own CPU cost can be measured without a
 * network. Not a general emulator: anything else throws.
 */

type Item = Record<string, AttributeValue>;
type Input = {
  TableName?: string;
  Key?: Item;
  Item?: Item;
  UpdateExpression?: string;
  ConditionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
};

const CONSUMED = { ConsumedCapacity: { CapacityUnits: 1 } };

export function createFakeDynamo(tables: TableNames): DynamoDBClient {
  const keyNames = new Map(
    createTableInputs(tables).map((input) => [input.TableName, (input.KeySchema ?? []).map((key) => key.AttributeName as string)]),
  );
  const data = new Map<string, Item>();
  const keyOf = (input: Input, item: Item) =>
    `${input.TableName}|${(keyNames.get(input.TableName) ?? []).map((name) => JSON.stringify(item[name])).join('|')}`;
  const name = (input: Input, token: string) => input.ExpressionAttributeNames?.[token] ?? token;
  const value = (input: Input, token: string) => {
    const found = input.ExpressionAttributeValues?.[token];
    if (!found) throw new Error(`fake DynamoDB: no value ${token}`);
    return found;
  };

  function check(input: Input, current: Item | undefined): void {
    const condition = input.ConditionExpression;
    if (!condition) return;
    const absent = /^attribute_not_exists\((#\w+)\)$/.exec(condition);
    const equal = /^(#\w+) = (:\w+)$/.exec(condition);
    let holds: boolean;
    if (absent) holds = current === undefined;
    else if (equal) holds = current?.[name(input, equal[1] as string)]?.N === value(input, equal[2] as string).N;
    else throw new Error(`fake DynamoDB: unsupported condition ${condition}`);
    if (!holds) throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
  }

  function update(input: Input, current: Item): Item {
    const next = { ...current };
    for (const [, action, body] of (input.UpdateExpression ?? '').matchAll(/(SET|REMOVE|ADD) (.*?)(?= (?:SET|REMOVE|ADD) |$)/g)) {
      for (const clause of (body as string).split(/,\s*/)) {
        if (action === 'SET') {
          const [target, source] = clause.split(/\s*=\s*/) as [string, string];
          next[name(input, target)] = value(input, source);
        } else if (action === 'REMOVE') {
          delete next[name(input, clause.trim())];
        } else {
          const [target, source] = clause.trim().split(/\s+/) as [string, string];
          const before = Number(next[name(input, target)]?.N ?? 0);
          next[name(input, target)] = { N: String(before + Number(value(input, source).N)) };
        }
      }
    }
    return next;
  }

  const send = async (command: unknown) => {
    if (command instanceof GetItemCommand) {
      const input = command.input as Input;
      return { Item: data.get(keyOf(input, input.Key ?? {})) };
    }
    if (command instanceof PutItemCommand) {
      const input = command.input as Input;
      const key = keyOf(input, input.Item ?? {});
      check(input, data.get(key));
      data.set(key, input.Item ?? {});
      return CONSUMED;
    }
    if (command instanceof UpdateItemCommand) {
      const input = command.input as Input;
      const key = keyOf(input, input.Key ?? {});
      const current = data.get(key);
      check(input, current);
      data.set(key, update(input, { ...input.Key, ...current }));
      return CONSUMED;
    }
    throw new Error(`fake DynamoDB: unsupported command ${(command as object).constructor.name}`);
  };
  // The store only ever calls send(); the cast is confined to this one place.
  return { send } as unknown as DynamoDBClient;
}
