/** ACM ARN parsing and partition/region agreement. */
export interface AcmArn {
    partition: string;
    region: string;
    accountId: string;
    certificateId: string;
}

const ARN = /^arn:([a-z-]+):acm:([a-z0-9-]+):([0-9]{12}):certificate\/([0-9a-zA-Z-]{1,64})$/;

export function parseAcmArn(arn: string): AcmArn | undefined {
    const m = ARN.exec(arn);
    return m ? { partition: m[1], region: m[2], accountId: m[3], certificateId: m[4] } : undefined;
}

export interface IamRoleArn {
    partition: string;
    accountId: string;
    /** Path and name, e.g. `deploy/certdeploy`. */
    roleName: string;
}

const ROLE_ARN = /^arn:(aws[a-z-]*):iam::([0-9]{12}):role\/([\w+=,.@/-]{1,512})$/;

export function parseRoleArn(arn: string): IamRoleArn | undefined {
    const m = ROLE_ARN.exec(arn);
    return m ? { partition: m[1], accountId: m[2], roleName: m[3] } : undefined;
}

/** The AWS partition a region belongs to. */
export function partitionOf(region: string): string {
    if (region.startsWith("cn-")) return "aws-cn";
    if (region.startsWith("us-gov-")) return "aws-us-gov";
    if (region.startsWith("us-isob-")) return "aws-iso-b";
    if (region.startsWith("us-iso-")) return "aws-iso";
    return "aws";
}
