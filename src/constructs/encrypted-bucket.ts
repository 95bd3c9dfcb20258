import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct, IConstruct } from 'constructs';
import { zipSync, Zippable } from 'fflate';
import { AssetType, TerraformAsset, TerraformResource } from 'cdktf';
import { StorageBucket, StorageBucketLifecycleRule } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamBinding } from '@cdktf/provider-google/lib/storage-bucket-iam-binding';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import { listTree } from '../files';
import { Grantee, IamProps, ResourceIam } from '../iam';
import { PlatformConstruct } from '../platform-construct';
import { libraryMade } from '../library-made';
import { euLocationProblem } from '../rules/locations';
import { bucketNameProblem } from '../rules/names';
import { ICmekKey } from './cmek-key';

/** The roles `EncryptedBucket` grants on one bucket; a project-level grant of them is refused. */
export const BUCKET_ROLES = {
  /** `grantRead` */
  objectViewer: 'roles/storage.objectViewer',
  /** `grantWrite` */
  objectCreator: 'roles/storage.objectCreator',
  /** `grantReadWrite` */
  objectUser: 'roles/storage.objectUser',
  /** no method: `objectUser` is the narrower choice */
  objectAdmin: 'roles/storage.objectAdmin',
  /** `grantAdmin` */
  admin: 'roles/storage.admin',
} as const;

/**
 * A Cloud Storage bucket, created here (`new EncryptedBucket`) or elsewhere
 * (`EncryptedBucket.fromBucketName`). Constructs take this interface.
 */
export interface IBucket extends IConstruct {
  readonly bucketName: string;
  /** `gs://<name>` */
  readonly url: string;
  /** The bucket's location in lower case, when known at synth. */
  readonly location?: string;
  /** Seconds objects are retained, when the bucket has a retention policy this stack knows of. */
  readonly retentionSeconds?: number;
  /** What a resource that needs the bucket in place waits for (nothing for an imported bucket). */
  readonly dependables: readonly TerraformResource[];
  /** Read objects (`roles/storage.objectViewer`). */
  grantRead(grantee: Grantee): TerraformResource;
  /** Create objects, never overwrite or delete them (`roles/storage.objectCreator`). */
  grantWrite(grantee: Grantee): TerraformResource;
  /** Read, create, overwrite and delete objects (`roles/storage.objectUser`). */
  grantReadWrite(grantee: Grantee): TerraformResource;
  /** Bucket metadata and object admin (`roles/storage.admin` on this bucket only). */
  grantAdmin(grantee: Grantee): TerraformResource;
  /** Uploads a local file as an object (see `EncryptedBucket.uploadFile`). */
  uploadFile(id: string, file: string, options?: UploadOptions): StorageBucketObject;
  /** Writes generated text as an object (see `EncryptedBucket.uploadContent`). */
  uploadContent(id: string, fileName: string, content: string, options?: UploadOptions): StorageBucketObject;
  /** Uploads a folder as one zip object (see `EncryptedBucket.uploadDirectory`). */
  uploadDirectory(id: string, dir: string, options?: UploadDirectoryOptions): UploadedArchive;
}

export interface BucketImportOptions {
  readonly bucketName: string;
  /** Its location, so constructs can check it matches theirs. @default - unknown: not checked */
  readonly location?: string;
}

export interface BucketLifecycleRule {
  readonly action: 'Delete' | 'SetStorageClass';
  /** Required with `SetStorageClass`. @default - none (a `Delete` rule needs none) */
  readonly storageClass?: 'NEARLINE' | 'COLDLINE' | 'ARCHIVE';
  /**
   * Applies to objects this many days old. A rule needs this or `daysSinceNoncurrent`.
   * @default - no age condition
   */
  readonly ageDays?: number;
  /** Applies to non-current versions this many days after they were replaced. @default - no such condition */
  readonly daysSinceNoncurrent?: number;
  /** @default - objects of any name */
  readonly matchesPrefix?: readonly string[];
}

export interface EncryptedBucketProps extends IamProps {
  /** The project the bucket is created in (not necessarily the key's project). */
  readonly project: string;
  /** The project's number: its Cloud Storage service agent is granted on the key. */
  readonly projectNumber: string;
  readonly name: string;
  /**
   * A `storage` class key in the bucket's region, possibly from a central key project. There is
   * no Google-managed fallback.
   */
  readonly encryptionKey: ICmekKey;
  /** @default - the key's location */
  readonly location?: string;
  /** @default true */
  readonly versioned?: boolean;
  /** @default - non-current versions are deleted 30 days after they are replaced */
  readonly lifecycleRules?: readonly BucketLifecycleRule[];
  /**
   * Objects cannot be deleted or replaced until this old. Combined with `versioned: false` this
   * makes a WORM bucket; leave unset where writers overwrite objects (e.g. a daily CSV).
   * @default - no retention policy
   */
  readonly retentionSeconds?: number;
  /** @default {} */
  readonly labels?: Readonly<Record<string, string>>;
}

export interface UploadOptions {
  /** Object name prefix, e.g. `dags/` or `pipelines/`. @default '' */
  readonly prefix?: string;
  /**
   * Put the content hash in the object name (`end2end-<sha12>.json`), so a changed file is a new
   * object and an unchanged one is left alone. @default true
   */
  readonly hashInName?: boolean;
}

export interface UploadDirectoryOptions {
  /** Object name prefix, e.g. `functions/`. @default '' */
  readonly prefix?: string;
  /**
   * Names of files and folders left out at any depth (exact names, or `*.ext`). `node_modules`,
   * `.git` and `__pycache__` are always left out.
   * @default []
   */
  readonly exclude?: readonly string[];
}

/** What `uploadDirectory` created. */
export interface UploadedArchive {
  readonly object: StorageBucketObject;
  /** sha256 over the archived files' relative paths and bytes, in hex. */
  readonly sha256: string;
  /** `gs://<bucket>/<object>` */
  readonly uri: string;
}

const ALWAYS_EXCLUDED = ['node_modules', '.git', '__pycache__'];
// Files are staged with one fixed mtime, so the same content zips to the same bytes on any machine.
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

/** Grants and uploads, shared by created and imported buckets. */
abstract class BucketBase extends PlatformConstruct implements IBucket {
  public abstract readonly bucketName: string;
  public abstract readonly url: string;
  public abstract readonly location?: string;
  public abstract readonly retentionSeconds?: number;
  public abstract readonly dependables: readonly TerraformResource[];
  protected readonly iam: ResourceIam;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.iam = new ResourceIam(this, {
      binding: (iid, role, members, condition) => new StorageBucketIamBinding(this, iid, { bucket: this.bucketName, role, members, condition }),
      member: (iid, role, member, condition) => new StorageBucketIamMember(this, iid, { bucket: this.bucketName, role, member, condition }),
    });
    libraryMade(this);
  }

  /** What objects wait for: the key's grants, when this stack made them. */
  protected abstract get objectDependsOn(): TerraformResource[];

  public grantRead(grantee: Grantee): TerraformResource {
    return this.iam.grant(BUCKET_ROLES.objectViewer, grantee);
  }

  public grantWrite(grantee: Grantee): TerraformResource {
    return this.iam.grant(BUCKET_ROLES.objectCreator, grantee);
  }

  public grantReadWrite(grantee: Grantee): TerraformResource {
    return this.iam.grant(BUCKET_ROLES.objectUser, grantee);
  }

  public grantAdmin(grantee: Grantee): TerraformResource {
    return this.iam.grant(BUCKET_ROLES.admin, grantee);
  }

  /**
   * Uploads a local file as an object. With `hashInName` (the default) the object name carries
   * the content hash, so a deploy replaces the object only when the file changed.
   */
  public uploadFile(id: string, file: string, options: UploadOptions = {}): StorageBucketObject {
    if (!fs.existsSync(file)) {
      throw new Error(`EncryptedBucket '${this.node.path}' uploadFile('${id}'): file '${file}' does not exist`);
    }
    const content = fs.readFileSync(file);
    const hash = crypto.createHash('sha256').update(content).digest('hex');
    const ext = path.extname(file);
    const base = path.basename(file, ext);
    const name = `${options.prefix ?? ''}${options.hashInName === false ? `${base}${ext}` : `${base}-${hash.slice(0, 12)}${ext}`}`;
    // An asset is copied into the stack's output folder, so the plan never names a path on this machine.
    const asset = new TerraformAsset(this, `${id}-asset`, { path: path.resolve(file), type: AssetType.FILE });
    return libraryMade(new StorageBucketObject(this, id, {
      bucket: this.bucketName,
      name,
      source: asset.path,
      dependsOn: this.objectDependsOn,
    }));
  }

  /**
   * Writes text the stack generates (a template spec, a config file) as an object named like
   * `uploadFile` names a file called `fileName`, the hash taken over `content`: readers that are
   * handed the name never see a spec replaced under them.
   */
  public uploadContent(id: string, fileName: string, content: string, options: UploadOptions = {}): StorageBucketObject {
    if (fileName.includes('/')) {
      throw new Error(`EncryptedBucket '${this.node.path}' uploadContent('${id}'): fileName '${fileName}' has a '/'; put folders in options.prefix`);
    }
    const hash = crypto.createHash('sha256').update(content).digest('hex');
    const ext = path.extname(fileName);
    const base = path.basename(fileName, ext);
    const name = `${options.prefix ?? ''}${options.hashInName === false ? fileName : `${base}-${hash.slice(0, 12)}${ext}`}`;
    return libraryMade(new StorageBucketObject(this, id, {
      bucket: this.bucketName,
      name,
      content,
      dependsOn: this.objectDependsOn,
    }));
  }

  /**
   * Uploads a folder as one zip object named `<prefix><folder>-<sha12>.zip`, the hash taken over
   * the files' relative paths and contents, so the object changes only when a shipped file does.
   * The files are staged into a temporary folder (without the excluded ones, with a fixed mtime)
   * that the stack's asset is zipped from at synth.
   */
  public uploadDirectory(id: string, dir: string, options: UploadDirectoryOptions = {}): UploadedArchive {
    const who = `EncryptedBucket '${this.node.path}' uploadDirectory('${id}')`;
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      throw new Error(`${who}: '${dir}' is not a folder`);
    }
    const patterns = [...ALWAYS_EXCLUDED, ...(options.exclude ?? [])];
    const excluded = (name: string) => patterns.some((p) => (p.startsWith('*.') ? name.endsWith(p.slice(1)) : name === p));
    const files = listTree(dir, excluded);
    if (files.length === 0) throw new Error(`${who}: '${dir}' holds no file to upload once ${patterns.join(', ')} are left out`);
    const hash = crypto.createHash('sha256');
    for (const rel of files) {
      hash.update(rel).update('\0').update(fs.readFileSync(path.join(dir, rel))).update('\0');
    }
    const sha256 = hash.digest('hex');
    // Zipped once per content (in-process, fixed mtimes and modes, so the bytes depend on the
    // files only) into a content-addressed file outside the repository; every stack then ships
    // it as a plain file asset. cdktf's own ARCHIVE assets zip in a child process per stack.
    const folder = path.basename(path.resolve(dir));
    const zipFile = path.join(os.tmpdir(), 'vertex-mlops-cdktf-assets', `${folder}-${sha256.slice(0, 16)}`, `${folder}.zip`);
    if (!fs.existsSync(zipFile)) {
      const entries: Zippable = {};
      for (const rel of files) entries[rel] = [fs.readFileSync(path.join(dir, rel)), { mtime: FIXED_MTIME, attrs: 0o100644 << 16 }];
      fs.mkdirSync(path.dirname(zipFile), { recursive: true });
      // Written under a unique name and renamed into place, so parallel synths never see half a zip.
      const tmp = `${zipFile}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, zipSync(entries, { level: 9 }));
      fs.renameSync(tmp, zipFile);
    }
    const asset = new TerraformAsset(this, `${id}-asset`, { path: zipFile, type: AssetType.FILE, assetHash: sha256.slice(0, 32) });
    const name = `${options.prefix ?? ''}${path.basename(path.resolve(dir))}-${sha256.slice(0, 12)}.zip`;
    const object = new StorageBucketObject(this, id, {
      bucket: this.bucketName,
      name,
      source: asset.path,
      dependsOn: this.objectDependsOn,
    });
    libraryMade(object);
    return { object, sha256, uri: `gs://${this.bucketName}/${object.name}` };
  }
}

/**
 * A regional, CMEK-encrypted bucket with uniform access, public access prevention enforced,
 * versioning on and force-destroy off. It waits for its key's service-agent grants, which it
 * asks the key to make for the bucket's own project.
 */
export class EncryptedBucket extends BucketBase {
  /**
   * A bucket that already exists. It creates nothing; grants and uploads work on it, and the
   * constructs it is handed to check its location when you give it.
   */
  public static fromBucketName(scope: Construct, id: string, options: BucketImportOptions | string): IBucket {
    const o = typeof options === 'string' ? { bucketName: options } : options;
    const problem = bucketNameProblem(o.bucketName);
    if (problem) throw new Error(`EncryptedBucket.fromBucketName '${id}': bucketName '${o.bucketName}' ${problem}`);
    if (o.location !== undefined) {
      const where = euLocationProblem(o.location);
      if (where) throw new Error(`EncryptedBucket.fromBucketName '${id}': ${where}`);
    }
    return new ImportedBucket(scope, id, o.bucketName, o.location?.toLowerCase());
  }

  public readonly resource: StorageBucket;
  public readonly bucketName: string;
  public readonly url: string;
  public readonly location: string;
  public readonly project: string;
  public readonly retentionSeconds?: number;
  public readonly encryptionKey: ICmekKey;
  public readonly dependables: readonly TerraformResource[];
  private readonly keyGrants: TerraformResource[];

  constructor(scope: Construct, id: string, props: EncryptedBucketProps) {
    super(scope, id);
    const who = `EncryptedBucket '${this.node.path}'`;
    const problem = bucketNameProblem(props.name);
    if (problem) throw new Error(`${who}: name '${props.name}' ${problem}`);
    const location = props.location ?? props.encryptionKey.location;
    const where = euLocationProblem(location);
    if (where) throw new Error(`${who}: ${where}`);
    props.encryptionKey.assertUsableFor('storage', location, `${who} encryptionKey`);
    for (const [i, rule] of (props.lifecycleRules ?? []).entries()) {
      if (rule.action === 'SetStorageClass' && !rule.storageClass) {
        throw new Error(`${who}: lifecycleRules[${i}] sets a storage class but names none; add storageClass: 'NEARLINE' (or COLDLINE, ARCHIVE)`);
      }
      if (rule.ageDays === undefined && rule.daysSinceNoncurrent === undefined) {
        throw new Error(`${who}: lifecycleRules[${i}] has no condition and would act on every object at once; set ageDays or daysSinceNoncurrent`);
      }
    }
    if (props.retentionSeconds !== undefined && props.versioned !== false) {
      throw new Error(`${who}: retentionSeconds needs versioned: false (GCS rejects a retention policy on a versioned bucket); set versioned: false or drop retentionSeconds`);
    }
    this.encryptionKey = props.encryptionKey;
    this.project = props.project;
    this.location = location.toLowerCase();
    this.retentionSeconds = props.retentionSeconds;
    this.keyGrants = props.encryptionKey.useFor(this, props.projectNumber);
    const versioned = props.versioned ?? true;
    const rules = props.lifecycleRules ?? (versioned ? [{ action: 'Delete', daysSinceNoncurrent: 30 } as const] : []);

    this.resource = new StorageBucket(this, 'Resource', {
      name: props.name,
      project: props.project,
      location: location.toUpperCase(),
      storageClass: 'STANDARD',
      uniformBucketLevelAccess: true,
      publicAccessPrevention: 'enforced',
      forceDestroy: false,
      versioning: { enabled: versioned },
      encryption: { defaultKmsKeyName: props.encryptionKey.keyName },
      lifecycleRule: rules.map((r): StorageBucketLifecycleRule => ({
        action: { type: r.action, storageClass: r.storageClass },
        condition: {
          age: r.ageDays,
          daysSinceNoncurrentTime: r.daysSinceNoncurrent,
          matchesPrefix: r.matchesPrefix ? [...r.matchesPrefix] : undefined,
        },
      })),
      retentionPolicy: props.retentionSeconds !== undefined ? { retentionPeriod: props.retentionSeconds } : undefined,
      labels: props.labels ? { ...props.labels } : undefined,
      dependsOn: this.keyGrants,
    });
    this.bucketName = this.resource.name;
    this.url = `gs://${this.resource.name}`;
    this.dependables = [this.resource];
    this.iam.apply(props);
    libraryMade(this);
  }

  protected get objectDependsOn(): TerraformResource[] {
    return this.keyGrants;
  }
}

class ImportedBucket extends BucketBase {
  public readonly url: string;
  public readonly retentionSeconds = undefined;
  public readonly dependables: readonly TerraformResource[] = [];

  constructor(scope: Construct, id: string, public readonly bucketName: string, public readonly location: string | undefined) {
    super(scope, id);
    this.url = `gs://${bucketName}`;
    libraryMade(this);
  }

  protected get objectDependsOn(): TerraformResource[] {
    return [];
  }
}
