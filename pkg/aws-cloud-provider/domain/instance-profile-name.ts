/**
 * Rules for the "IAM Instance Profile Name" field of the Amazon EC2 machine pool. EC2's
 * RunInstances takes the profile *name* there; an ARN, a path or anything IAM would not accept
 * as a name fails at launch with "Invalid IAM Instance Profile name".
 */

/** IAM's limit for instance profile names (role names stop at 64). */
export const INSTANCE_PROFILE_NAME_MAX_LENGTH = 128;

// IAM names: letters, digits and + = , . @ _ - only.
const NAME_CHARACTER = /[\w+=,.@-]/;

const IAM_ARN = /^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):iam::(\d{12}|aws):([a-z-]+)\/(.*)$/;

export type ProfileNameProblem =
  | 'required'
  | 'instanceProfileArn'
  | 'roleArn'
  | 'otherArn'
  | 'path'
  | 'surroundingSpaces'
  | 'invalidCharacters'
  | 'tooLong';

export interface ProfileNameVerdict {
  valid: boolean;
  /** Set when `valid` is false: what is wrong (an l10n key suffix). */
  problem?: ProfileNameProblem;
  /** Values the message shows: the offending characters, the length, the ARN's kind. */
  args?: Record<string, string | number>;
  /** What to enter instead, when it can be derived from the input. */
  suggestion?: string;
}

export interface ProfileNameOptions {
  /** True when the cluster uses the Amazon cloud provider: then the field must be filled. */
  required: boolean;
}

/** The last path segment, which is the name for IAM ARNs and `/path/name` inputs. */
function lastSegment(text: string): string {
  const parts = text.split('/').filter(Boolean);

  return parts[parts.length - 1] || '';
}

function invalidCharactersOf(text: string): string[] {
  return [...new Set([...text].filter((ch) => !NAME_CHARACTER.test(ch)))];
}

/** A suggestion is offered only when it would itself pass. */
function validSuggestion(candidate: string): string | undefined {
  return candidate && candidate.length <= INSTANCE_PROFILE_NAME_MAX_LENGTH && invalidCharactersOf(candidate).length === 0 ? candidate : undefined;
}

export function validateInstanceProfileName(value: string | undefined | null, options: ProfileNameOptions): ProfileNameVerdict {
  const text = value ?? '';

  if (!text.trim()) {
    return options.required ? { valid: false, problem: 'required' } : { valid: true };
  }

  const trimmed = text.trim();
  const arn = IAM_ARN.exec(trimmed);

  if (arn) {
    const [, , , resourceType, resourcePath] = arn;
    const name = lastSegment(resourcePath);

    if (resourceType === 'instance-profile') {
      return {
        valid: false, problem: 'instanceProfileArn', args: { name }, suggestion: validSuggestion(name)
      };
    }
    if (resourceType === 'role') {
      // The console names the profile after its role, so the role name is the likeliest profile name.
      return {
        valid: false, problem: 'roleArn', args: { name }, suggestion: validSuggestion(name)
      };
    }

    return {
      valid: false, problem: 'otherArn', args: { type: resourceType }
    };
  }
  if (trimmed.startsWith('arn:')) {
    return {
      valid: false, problem: 'otherArn', args: { type: trimmed.split(':')[2] || '?' }
    };
  }
  if (trimmed.includes('/')) {
    const name = lastSegment(trimmed);

    return {
      valid: false, problem: 'path', args: { name }, suggestion: validSuggestion(name)
    };
  }
  if (trimmed !== text) {
    return {
      valid: false, problem: 'surroundingSpaces', args: { name: trimmed }, suggestion: validSuggestion(trimmed)
    };
  }

  const invalid = invalidCharactersOf(text);

  if (invalid.length) {
    const shown = invalid.map((ch) => (ch === ' ' ? '␠' : ch)).join(' ');

    return {
      valid: false, problem: 'invalidCharacters', args: { characters: shown }
    };
  }
  if (text.length > INSTANCE_PROFILE_NAME_MAX_LENGTH) {
    return {
      valid: false, problem: 'tooLong', args: { length: text.length, max: INSTANCE_PROFILE_NAME_MAX_LENGTH }
    };
  }

  return { valid: true };
}
